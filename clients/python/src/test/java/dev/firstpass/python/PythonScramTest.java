package dev.firstpass.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.core.kafka.KafkaSecurity;
import dev.firstpass.core.kafka.KafkaSecurity.Mechanism;
import dev.firstpass.core.settings.Secret;
import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.CloudEventHeaders;
import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.Schedule;
import dev.firstpass.core.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Python trainer authenticating with SCRAM, configured through the FIRSTPASS_KAFKA_* variables, on a broker
 * that allows it only the trainer ACLs of docs/security.md: it publishes its epochs and takes the controller's
 * command.
 */
class PythonScramTest {

    static {
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }

    private static final String RUN = "scram-s0";
    private static final KafkaSecurity CONTROLLER =
            KafkaSecurity.scram(Mechanism.SCRAM_SHA_512, "controller", Secret.of("controller-secret"));

    @TempDir
    Path dir;

    @BeforeAll
    static void requirePython() {
        PythonFleet.assumePythonWithTorchAndKafka();
    }

    // Open problem: the in-process Kafka 4.4 broker refuses the SCRAM proof of Debian's librdkafka 2.0.2 as
    // "invalid credentials" (SHA-256 and SHA-512 alike), while Java clients with the same user and password
    // authenticate; the test stays here, off, until that is understood.
    @Disabled("the in-process broker refuses librdkafka 2.0.2's SCRAM proof as invalid credentials; see the comment")
    @Test
    void aScramTrainerWithOnlyTheTrainerAclsPublishesItsEpochsAndTakesTheControllersCommand() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral()
                .withAutoCreateTopics(false)
                .withScramUser("controller", "controller-secret")
                .withScramUser("trainer", "trainer-secret"))) {
            broker.createTopics(Map.of(Topics.EPOCH_EVENTS, 2, Topics.RUN_LIFECYCLE, 2, Topics.COMMANDS, 2,
                    Topics.ACKS, 2));
            List<AclBinding> acls = new ArrayList<>();
            acls.add(allow("User:controller", Topics.COMMANDS, AclOperation.WRITE));
            acls.add(allow("User:trainer", Topics.COMMANDS, AclOperation.READ));
            for (String topic : List.of(Topics.EPOCH_EVENTS, Topics.RUN_LIFECYCLE, Topics.ACKS)) {
                acls.add(allow("User:trainer", topic, AclOperation.WRITE));
                acls.add(allow("User:controller", topic, AclOperation.READ));
            }
            broker.createAcls(acls);
            Command command = new Command("c1", "scram", RUN, PerturbationKind.SHRINK_PERTURB, Map.of(),
                    Schedule.every(2).fromEpoch(1), Instant.now());
            Map<String, Object> producer = new HashMap<>(CONTROLLER.clientProperties());
            producer.put("bootstrap.servers", broker.bootstrapServers());
            try (KafkaProducer<String, byte[]> controller = new KafkaProducer<>(producer, new StringSerializer(),
                    new ByteArraySerializer())) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.COMMANDS, RUN,
                        ProtocolJson.writeBytes(command));
                CloudEventHeaders.forCommand(command, "/test").forEach((name, value) -> record.headers().add(name,
                        value.getBytes(StandardCharsets.UTF_8)));
                controller.send(record).get();
            }

            JsonNode summary;
            String output;
            try (PythonFleet fleet = PythonFleet.start(dir, "scram", List.of("--bootstrap", broker.bootstrapServers(),
                    "--experiment", "scram", "--runs", RUN, "--epochs", "4", "--controllable"), Map.of(
                    "FIRSTPASS_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                    "FIRSTPASS_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                    "FIRSTPASS_KAFKA_SASL_USERNAME", "trainer",
                    "FIRSTPASS_KAFKA_SASL_PASSWORD", "trainer-secret"))) {
                summary = fleet.awaitSummary(Duration.ofMinutes(2));
                output = fleet.output();
            }

            Map<String, String> reader = CONTROLLER.clientProperties();
            List<EpochEvent> epochs = TopicRecords.readAll(broker.bootstrapServers(), reader, Topics.EPOCH_EVENTS)
                    .stream().map(record -> ProtocolJson.parseEpochEvent(record.value())).toList();
            List<Ack> acks = TopicRecords.readAll(broker.bootstrapServers(), reader, Topics.ACKS).stream()
                    .map(record -> ProtocolJson.parseAck(record.value())).toList();
            assertThat(summary.get(0).get("finished").asText()).isEqualTo("completed");
            assertThat(summary.get(0).get("undelivered").asInt()).as(output).isZero();
            assertThat(epochs).extracting(EpochEvent::epoch, EpochEvent::perturbationsApplied)
                    .containsExactly(tuple(1, 0), tuple(2, 1), tuple(3, 1), tuple(4, 2));
            assertThat(acks).extracting(Ack::commandId, Ack::status, Ack::epoch)
                    .containsExactly(tuple("c1", Ack.Status.APPLIED, 1), tuple("c1", Ack.Status.APPLIED, 3));
        }
    }

    private static AclBinding allow(String principal, String topic, AclOperation operation) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
}
