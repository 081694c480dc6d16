package dev.firstpass.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.CloudEventHeaders;
import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.RunLifecycle;
import dev.firstpass.core.protocol.RunStarted;
import dev.firstpass.core.protocol.Schedule;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.core.protocol.signing.CommandKey;
import dev.firstpass.core.protocol.signing.CommandKeyRing;
import dev.firstpass.core.protocol.signing.CommandSigner;
import dev.firstpass.trainer.publish.KafkaSettings;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that takes signed commands only, on a real in-process broker: forged commands written straight
 * to the commands topic, before the run and while it trains, are refused with acks that say why, and the
 * run trains on and applies the command signed with the controller's key.
 */
class AuthenticatedCommandsKafkaTest {

    private static final String RUN = "auth-s0";
    private static final String SOURCE = "/firstpass/controller/firstpass-controller";
    private static final Instant ISSUED = TinyJobs.CLOCK.instant();
    private static final CommandKey CONTROLLER_KEY = CommandKey.generate("k1", new SecureRandom());
    private static final CommandKey FORGER_KEY = CommandKey.generate("k1-old", new SecureRandom());
    private static EmbeddedKafkaBroker broker;
    private static KafkaProducer<String, byte[]> producer;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral());
        producer = TopicReader.producer(broker.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() {
        producer.close();
        broker.close();
    }

    private static Command command(String id, PerturbationKind kind, Schedule schedule) {
        return new Command(id, "auth", RUN, kind, Map.of(), schedule, ISSUED);
    }

    /** Written as the controller's outbox writes it: CloudEvents headers, signed over the same body bytes. */
    private static void sendSigned(CommandKey key, Command command) throws Exception {
        byte[] body = ProtocolJson.writeBytes(command);
        TopicReader.send(producer, Topics.COMMANDS, RUN,
                CommandSigner.withKey(key).sign(CloudEventHeaders.forCommand(command, SOURCE), body), body);
    }

    @Test
    void forgedCommandsAreRefusedWithTheReasonWhileTheRunTrainsOnAndAppliesTheSignedOne() throws Exception {
        // A forger with write access but no key: a full reset every epoch, unsigned.
        Command unsigned = command("forged-1", PerturbationKind.FULL_RESET, Schedule.every(1).fromEpoch(1));
        TopicReader.send(producer, Topics.COMMANDS, RUN, unsigned);
        sendSigned(CONTROLLER_KEY, command("auth/auth-s0/1-probe-2", PerturbationKind.SHRINK_PERTURB,
                Schedule.every(2).fromEpoch(2)));
        CountDownLatch refusals = new CountDownLatch(2);
        RunListener forgeMidRun = new RunListener() {
            @Override
            public void onEpoch(RunEvent.EpochCompleted event) {
                if (event.epoch() == 3) {
                    try {
                        sendSigned(FORGER_KEY, command("forged-2", PerturbationKind.FULL_RESET, Schedule.nextEpoch()));
                        // Wait for its refusal, so that the test does not depend on how fast epochs are.
                        assertThat(refusals.await(30, TimeUnit.SECONDS)).isTrue();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }

            @Override
            public void onCommandRefused(RunEvent.CommandRefused event) {
                refusals.countDown();
            }
        };
        TinyJobs.Events events = new TinyJobs.Events();

        RunOutcome outcome = TinyJobs.builder("auth").optEpochs(6)
                .optKafka(KafkaSettings.at(broker.bootstrapServers()).withSpoolDir(dir)).optControllable(true)
                .optCommandKeys(CommandKeyRing.of(CONTROLLER_KEY)).addListener(forgeMidRun).addListener(events)
                .build().run();

        List<Ack> acks = TopicReader.values(broker.bootstrapServers(), Topics.ACKS, RUN, 4).stream()
                .map(ProtocolJson::parseAck).toList();
        List<EpochEvent> epochs = TopicReader.values(broker.bootstrapServers(), Topics.EPOCH_EVENTS, RUN, 6)
                .stream().map(ProtocolJson::parseEpochEvent).toList();
        RunLifecycle started = ProtocolJson.parseRunLifecycle(
                TopicReader.values(broker.bootstrapServers(), Topics.RUN_LIFECYCLE, RUN, 2).get(0));
        assertThat(outcome.reason()).isEqualTo(EndReason.COMPLETED);
        assertThat(outcome.lastEpoch()).isEqualTo(6);
        assertThat(acks).extracting(Ack::commandId, Ack::status, Ack::epoch, Ack::reason).containsExactly(
                tuple("forged-1", Ack.Status.REFUSED, null, "command authentication failed: unsigned: the command"
                        + " has no firstpass-key-id and firstpass-signature headers"),
                tuple("auth/auth-s0/1-probe-2", Ack.Status.APPLIED, 2, null),
                tuple("forged-2", Ack.Status.REFUSED, null, "command authentication failed: unknown key id:"
                        + " 'k1-old' is not among the accepted keys (k1)"),
                tuple("auth/auth-s0/1-probe-2", Ack.Status.APPLIED, 4, null));
        assertThat(epochs).extracting(EpochEvent::perturbationsApplied).containsExactly(0, 0, 1, 1, 2, 2);
        assertThat(events.of(RunEvent.PerturbationApplied.class))
                .extracting(RunEvent::epoch, RunEvent.PerturbationApplied::reason)
                .containsExactly(tuple(2, "command auth/auth-s0/1-probe-2"),
                        tuple(4, "command auth/auth-s0/1-probe-2"));
        assertThat(((RunStarted) started).config()).containsEntry("command_keys", "k1");
    }
}
