package dev.firstpass.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.CRC32;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Python trainers write is what the Java side reads: the same bytes as the Java writer would produce,
 * on the partition Java's producers would choose.
 */
class PythonWireFormatTest {

    static {
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }

    private static final int PARTITIONS = 8;
    private static final int RUNS = 16;

    @TempDir
    Path dir;

    @BeforeAll
    static void requirePython() {
        PythonFleet.assumePythonWithTorchAndKafka();
    }

    @Test
    void everyRecordLandsOnTheJavaPartitionOfItsRunAndReadsBackToTheSameBytes() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral())) {
            broker.createTopics(Map.of(Topics.EPOCH_EVENTS, PARTITIONS, Topics.RUN_LIFECYCLE, PARTITIONS,
                    Topics.COMMANDS, PARTITIONS, Topics.ACKS, PARTITIONS));
            String runs = IntStream.range(0, RUNS).mapToObj(i -> "wire-run-" + i).collect(Collectors.joining(","));

            try (PythonFleet fleet = PythonFleet.start(dir, "wire", List.of("--bootstrap", broker.bootstrapServers(),
                    "--experiment", "wire", "--runs", runs, "--epochs", "3", "--local-every", "2", "--ack-local-kicks"),
                    Map.of())) {
                fleet.awaitSummary(Duration.ofMinutes(2));
            }

            List<TopicRecords.Entry> epochs = TopicRecords.readAll(broker.bootstrapServers(), Topics.EPOCH_EVENTS);
            List<TopicRecords.Entry> lifecycle = TopicRecords.readAll(broker.bootstrapServers(), Topics.RUN_LIFECYCLE);
            List<TopicRecords.Entry> acks = TopicRecords.readAll(broker.bootstrapServers(), Topics.ACKS);
            assertThat(epochs).hasSize(RUNS * 3);
            assertThat(lifecycle).hasSize(RUNS * 2);
            assertThat(acks).hasSize(RUNS);
            for (TopicRecords.Entry record : concat(concat(epochs, lifecycle), acks)) {
                assertThat(record.partition()).as("partition of %s", record.key()).isEqualTo(javaPartition(record.key()));
            }
            for (TopicRecords.Entry record : epochs) {
                EpochEvent event = ProtocolJson.parseEpochEvent(record.value());
                assertThat(event.runId()).isEqualTo(record.key());
                assertThat(ProtocolJson.write(event)).isEqualTo(record.text());
            }
            for (TopicRecords.Entry record : lifecycle) {
                assertThat(ProtocolJson.write(ProtocolJson.parseRunLifecycle(record.value()))).isEqualTo(record.text());
            }
            // A kick on the run's own schedule, acked so that the monitor places it: applied after epoch 2.
            for (TopicRecords.Entry record : acks) {
                Ack ack = ProtocolJson.parseAck(record.value());
                assertThat(ack).isEqualTo(new Ack("local/" + record.key() + "/2", "wire", record.key(),
                        Ack.Status.APPLIED, 2, null, ack.time()));
                assertThat(ProtocolJson.write(ack)).isEqualTo(record.text());
            }
            // Why the partitioner is set: librdkafka's default (CRC32 of the key) would have put some of these
            // runs' epochs on other partitions than the Java side's acks and lifecycle records of the same runs.
            assertThat(IntStream.range(0, RUNS).mapToObj(i -> "wire-run-" + i)
                    .filter(key -> crc32Partition(key) != javaPartition(key))).isNotEmpty();
        }
    }

    private static int javaPartition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    private static int crc32Partition(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % PARTITIONS);
    }

    private static List<TopicRecords.Entry> concat(List<TopicRecords.Entry> a, List<TopicRecords.Entry> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
