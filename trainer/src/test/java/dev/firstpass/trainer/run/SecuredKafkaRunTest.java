package dev.firstpass.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.core.kafka.KafkaSecurity;
import dev.firstpass.core.kafka.KafkaSecurity.Mechanism;
import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.Schedule;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.core.settings.Secret;
import dev.firstpass.trainer.publish.KafkaSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trainer on a secured broker: SCRAM users for the controller, the trainers and the monitor, and the
 * ACLs docs/security.md gives them, so that only the controller may command runs.
 */
class SecuredKafkaRunTest {

    private static final Instant ISSUED = Instant.parse("2025-03-01T11:00:00Z");
    // Quotes and a backslash prove the JAAS configuration is escaped on the way from KafkaSecurity to Kafka.
    private static final String TRAINER_PASSWORD = "tr\"ai\\ner-secret";
    private static final KafkaSecurity CONTROLLER =
            KafkaSecurity.scram(Mechanism.SCRAM_SHA_512, "controller", Secret.of("controller-secret"));
    private static final KafkaSecurity TRAINER =
            KafkaSecurity.scram(Mechanism.SCRAM_SHA_256, "trainer", Secret.of(TRAINER_PASSWORD));
    private static final KafkaSecurity MONITOR =
            KafkaSecurity.scram(Mechanism.SCRAM_SHA_512, "monitor", Secret.of("monitor-secret"));
    private static EmbeddedKafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSecuredBroker() {
        broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral()
                .withAutoCreateTopics(false)
                .withScramUser("controller", "controller-secret")
                .withScramUser("trainer", TRAINER_PASSWORD)
                .withScramUser("monitor", "monitor-secret"));
        broker.createTopics(Map.of(Topics.EPOCH_EVENTS, 1, Topics.RUN_LIFECYCLE, 1, Topics.COMMANDS, 1, Topics.ACKS, 1));
        List<AclBinding> acls = new ArrayList<>();
        acls.add(allow("User:controller", Topics.COMMANDS, AclOperation.WRITE));
        acls.add(allow("User:trainer", Topics.COMMANDS, AclOperation.READ));
        for (String metrics : List.of(Topics.EPOCH_EVENTS, Topics.RUN_LIFECYCLE, Topics.ACKS)) {
            acls.add(allow("User:trainer", metrics, AclOperation.WRITE));
            acls.add(allow("User:controller", metrics, AclOperation.READ));
            acls.add(allow("User:monitor", metrics, AclOperation.READ));
        }
        broker.createAcls(acls);
    }

    private static AclBinding allow(String principal, String topic, AclOperation operation) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void theControllersCommandReachesAScramTrainerWhoseEpochsAndAcksTheMonitorReads() throws Exception {
        String run = "secured-s0";
        try (KafkaProducer<String, byte[]> controller =
                TopicReader.producer(broker.bootstrapServers(), CONTROLLER.clientProperties())) {
            TopicReader.send(controller, Topics.COMMANDS, run, new Command("c1", "secured", run,
                    PerturbationKind.SHRINK_PERTURB, Map.of(), Schedule.every(2).fromEpoch(1), ISSUED));
        }
        KafkaSettings kafka = KafkaSettings.at(broker.bootstrapServers()).withSpoolDir(dir).withSecurity(TRAINER);

        RunOutcome outcome = TinyJobs.builder("secured").optEpochs(4).optKafka(kafka).optControllable(true).build().run();

        List<EpochEvent> epochs = TopicReader.values(broker.bootstrapServers(), MONITOR.clientProperties(),
                Topics.EPOCH_EVENTS, run, 4).stream().map(ProtocolJson::parseEpochEvent).toList();
        List<Ack> acks = TopicReader.values(broker.bootstrapServers(), MONITOR.clientProperties(), Topics.ACKS, run, 2)
                .stream().map(ProtocolJson::parseAck).toList();
        assertThat(outcome.reason()).isEqualTo(EndReason.COMPLETED);
        assertThat(epochs).extracting(EpochEvent::epoch, EpochEvent::perturbationsApplied)
                .containsExactly(tuple(1, 0), tuple(2, 1), tuple(3, 1), tuple(4, 2));
        assertThat(acks).extracting(Ack::commandId, Ack::status, Ack::epoch)
                .containsExactly(tuple("c1", Ack.Status.APPLIED, 1), tuple("c1", Ack.Status.APPLIED, 3));
    }

    @Test
    void aTrainerMayNotWriteTheCommandsTopic() throws Exception {
        Throwable refused;
        try (KafkaProducer<String, byte[]> trainer =
                TopicReader.producer(broker.bootstrapServers(), TRAINER.clientProperties())) {
            refused = unwrapped(catchThrowable(() -> TopicReader.send(trainer, Topics.COMMANDS, "secured-s1",
                    new Command("forged", "secured", "secured-s1", PerturbationKind.FULL_RESET, Map.of(),
                            Schedule.nextEpoch(), ISSUED))));
        }

        assertThat(refused).isInstanceOfSatisfying(TopicAuthorizationException.class,
                e -> assertThat(e.unauthorizedTopics()).containsExactly(Topics.COMMANDS));
    }

    @Test
    void aWrongPasswordOrAnUnknownUserIsRefusedAtAuthentication() {
        KafkaSecurity wrongPassword = KafkaSecurity.scram(Mechanism.SCRAM_SHA_512, "controller", Secret.of("guess"));
        KafkaSecurity unknownUser = KafkaSecurity.scram(Mechanism.SCRAM_SHA_512, "mallory", Secret.of("guess"));

        for (KafkaSecurity impostor : List.of(wrongPassword, unknownUser)) {
            Throwable refused;
            try (KafkaProducer<String, byte[]> producer =
                    TopicReader.producer(broker.bootstrapServers(), impostor.clientProperties())) {
                refused = unwrapped(catchThrowable(() -> TopicReader.send(producer, Topics.COMMANDS, "secured-s2",
                        new Command("forged", "secured", "secured-s2", PerturbationKind.FULL_RESET, Map.of(),
                                Schedule.nextEpoch(), ISSUED))));
            }

            assertThat(refused).as(impostor.username()).isInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("invalid credentials with SASL mechanism SCRAM-SHA-512");
        }
    }

    private static Throwable unwrapped(Throwable thrown) {
        return thrown instanceof ExecutionException ? thrown.getCause() : thrown;
    }
}
