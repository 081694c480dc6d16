package dev.firstpass.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.cli.CliRun;
import dev.firstpass.cli.ExitCodes;
import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {
    private static EmbeddedKafkaBroker broker;

    @TempDir
    Path recordings;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral().withDefaultPartitions(3));
        broker.createTopics(Map.of(Topics.EPOCH_EVENTS, 3, Topics.ACKS, 3, Topics.RUN_LIFECYCLE, 3));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void aRecordingIsPublishedAsLiveRunsWithTheKicksAsAcks() throws IOException {
        Path baseline = arm("reg_training", 3, 4);
        Path kicked = arm("s_and_p_reset2", 2, 5);

        CliRun run = CliRun.execute("replay", "--bootstrap-servers", broker.bootstrapServers(),
                "--experiment", "exp-1", "--baseline", baseline.toString(), "--arm", kicked.toString(), "--quiet");

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        // 5 runs start and finish; 3 x 4 + 2 x 5 epochs; kicks after epochs 2 and 4 of both kicked runs.
        assertThat(run.out()).startsWith("published 36 records of 5 runs in 2 arms to " + broker.bootstrapServers());

        List<EpochEvent> events = consume(Topics.EPOCH_EVENTS, 22).stream()
                .map(record -> ProtocolJson.parseEpochEvent(record.value())).toList();
        assertThat(events).hasSize(22).allSatisfy(event -> assertThat(event.experiment()).isEqualTo("exp-1"));
        List<Integer> epochsOfOneRun = events.stream().filter(e -> e.runId().equals("s_and_p_reset2/seed_1"))
                .map(EpochEvent::epoch).toList();
        assertThat(epochsOfOneRun).containsExactly(1, 2, 3, 4, 5);
        assertThat(events.stream().filter(e -> e.runId().equals("s_and_p_reset2/seed_1") && e.epoch() == 5)
                .findFirst().orElseThrow().metrics()).isEqualTo(Map.of("loss", 1.0 / 6, "acc", 15.0));

        List<Ack> acks = consume(Topics.ACKS, 4).stream().map(record -> ProtocolJson.parseAck(record.value())).toList();
        assertThat(acks).extracting(Ack::runId, Ack::epoch).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("s_and_p_reset2/seed_0", 2),
                org.assertj.core.groups.Tuple.tuple("s_and_p_reset2/seed_0", 4),
                org.assertj.core.groups.Tuple.tuple("s_and_p_reset2/seed_1", 2),
                org.assertj.core.groups.Tuple.tuple("s_and_p_reset2/seed_1", 4));
        assertThat(consume(Topics.RUN_LIFECYCLE, 10)).hasSize(10);
    }

    @Test
    void nothingToReplayAndABadRateAreBothReported() {
        CliRun run = CliRun.execute("replay", "--experiment", "e", "--rate", "-1");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).isEqualTo(
                "firstpass replay: --rate must be a number of records per second, 0 or more: -1\n"
                        + "firstpass replay: nothing to replay: give --baseline and/or --arm folders\n");
    }

    /** An arm of {@code runs} CSV runs of {@code epochs} epochs; acc = 10 x seed + epoch. */
    private Path arm(String name, int runs, int epochs) throws IOException {
        Path folder = Files.createDirectories(recordings.resolve(name));
        for (int seed = 0; seed < runs; seed++) {
            StringBuilder csv = new StringBuilder("loss,acc\n");
            for (int epoch = 1; epoch <= epochs; epoch++) {
                csv.append(1.0 / (epoch + 1)).append(',').append(10.0 * seed + epoch).append('\n');
            }
            Files.writeString(folder.resolve("seed_" + seed + ".csv"), csv);
        }
        return folder;
    }

    private static List<ConsumerRecord<String, String>> consume(String topic, int expected) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "replay-test-" + topic + "-" + System.nanoTime());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
