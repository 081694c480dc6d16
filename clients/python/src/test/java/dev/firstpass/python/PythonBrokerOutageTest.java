package dev.firstpass.python;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.CloudEventHeaders;
import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.RunLifecycle;
import dev.firstpass.core.protocol.Schedule;
import dev.firstpass.core.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker that goes away mid-run and comes back: the Python run trains on and nothing it sent is lost. */
class PythonBrokerOutageTest {

    static {
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }

    private static final String RUN = "outage-s0";
    private static final Duration STEP = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    @BeforeAll
    static void requirePython() {
        PythonFleet.assumePythonWithTorchAndKafka();
    }

    @Test
    void aBrokerStoppedMidRunLosesNoEpochAckOrLifecycleRecordAndKeepsTheirOrder() throws Exception {
        Path spool = dir.resolve("spool").resolve(RUN + ".spool");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral())) {
            broker.createTopics(Map.of(Topics.EPOCH_EVENTS, 3, Topics.RUN_LIFECYCLE, 3, Topics.COMMANDS, 3,
                    Topics.ACKS, 3));
            sendCommand(broker.bootstrapServers(), new Command("every2", "outage", RUN, PerturbationKind.WEIGHT_NOISE,
                    Map.of("sigma", 0.01), Schedule.every(2).fromEpoch(2), Instant.now()));
            boolean spooledWhileDown;
            JsonNode summary;
            try (PythonFleet fleet = PythonFleet.start(dir, "outage", List.of("--bootstrap", broker.bootstrapServers(),
                    "--experiment", "outage", "--runs", RUN, "--epochs", "8", "--controllable",
                    "--memory-capacity", "2", "--spool-dir", dir.resolve("spool").toString(),
                    "--handshake-after", "1,5"), Map.of())) {
                fleet.awaitLine("epoch 1", STEP);
                broker.stop();
                fleet.proceed();
                fleet.awaitLine("epoch 5", STEP);
                // Epochs 2 to 5 and the acks after 2 and 4 cannot all fit in a memory of 2 records.
                spooledWhileDown = Files.exists(spool);
                broker.restart();
                fleet.proceed();
                summary = fleet.awaitSummary(Duration.ofMinutes(2));
            }

            List<EpochEvent> epochs = TopicRecords.readAll(broker.bootstrapServers(), Topics.EPOCH_EVENTS).stream()
                    .map(record -> ProtocolJson.parseEpochEvent(record.value())).toList();
            List<Ack> acks = TopicRecords.readAll(broker.bootstrapServers(), Topics.ACKS).stream()
                    .map(record -> ProtocolJson.parseAck(record.value())).toList();
            List<RunLifecycle> lifecycle = TopicRecords.readAll(broker.bootstrapServers(), Topics.RUN_LIFECYCLE).stream()
                    .map(record -> ProtocolJson.parseRunLifecycle(record.value())).toList();
            assertThat(spooledWhileDown).isTrue();
            assertThat(epochs).extracting(EpochEvent::epoch).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
            assertThat(epochs).extracting(EpochEvent::perturbationsApplied).containsExactly(0, 0, 1, 1, 2, 2, 3, 3);
            assertThat(acks).extracting(Ack::commandId, Ack::epoch).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("every2", 2), org.assertj.core.groups.Tuple.tuple("every2", 4),
                    org.assertj.core.groups.Tuple.tuple("every2", 6));
            assertThat(lifecycle).extracting(RunLifecycle::type)
                    .containsExactly(RunLifecycle.RUN_STARTED, RunLifecycle.RUN_FINISHED);
            assertThat(summary.get(0).get("undelivered").asInt()).isZero();
            assertThat(spool).doesNotExist();
        }
    }

    private static void sendCommand(String bootstrapServers, Command command) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers),
                new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.COMMANDS, RUN,
                    ProtocolJson.writeBytes(command));
            CloudEventHeaders.forCommand(command, "/test").forEach((name, value) -> record.headers().add(name,
                    value.getBytes(StandardCharsets.UTF_8)));
            producer.send(record);
            producer.flush();
        }
    }
}
