package dev.firstpass.sink;

import static dev.firstpass.sink.SinkRecords.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.WireMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink as deployed, on a real in-process Kafka and a real write-API server (VictoriaMetrics): what
 * is published while the server is down is written once it is back, nothing is lost, offsets are
 * committed only for written points, and a replay rewrites the same points.
 */
class InfluxOutageTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker kafka;
    private static VictoriaMetrics server;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(VictoriaMetrics.installed(), VictoriaMetrics.MISSING);
        kafka = EmbeddedKafkaBroker.start(BrokerSettings.persistentAt(dir.resolve("kafka"), 0));
        kafka.createTopics(SinkTopics.defaults().all().stream().collect(Collectors.toMap(t -> t, t -> 1)));
        server = VictoriaMetrics.start(dir.resolve("vm"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static SinkConfig config(String group) {
        Map<String, String> settings = new HashMap<>();
        settings.put(SinkConfig.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
        settings.put(SinkConfig.GROUP_ID.key(), group);
        settings.put(SinkConfig.INFLUX_URL.key(), server.url());
        settings.put(SinkConfig.INFLUX_TOKEN.key(), "test-token");
        settings.put(SinkConfig.BATCH_SIZE.key(), "50");
        settings.put(SinkConfig.FLUSH_INTERVAL.key(), "100ms");
        settings.put(SinkConfig.BACKOFF_INITIAL.key(), "100ms");
        settings.put(SinkConfig.BACKOFF_MAX.key(), "800ms");
        settings.put(SinkConfig.WRITE_TIMEOUT.key(), "1000ms");
        return new SinkConfig(settings).validate();
    }

    private static void publish(List<Map.Entry<String, WireMessage>> records) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (Map.Entry<String, WireMessage> record : records) {
                producer.send(new ProducerRecord<>(record.getKey(), "r1", ProtocolJson.writeBytes(record.getValue())));
            }
            producer.flush();
        }
    }

    private static List<Map.Entry<String, WireMessage>> epochs(int from, int to) {
        return IntStream.rangeClosed(from, to)
                .mapToObj(epoch -> Map.<String, WireMessage>entry(SinkTopics.defaults().epochs(),
                        SinkRecords.epoch("c100", "r1", "baseline", epoch, T.plusSeconds(epoch), epoch / 100.0)))
                .toList();
    }

    /** The distinct times of the epoch points of run r1 in the server, and whether each has one value. */
    private static Set<Long> epochTimes() throws Exception {
        Set<Long> times = new TreeSet<>();
        for (VictoriaMetrics.Series series : server.export("training_epoch_epoch")) {
            times.addAll(series.timestamps());
        }
        return times;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    private static BooleanSupplier epochPoints(int count) {
        return () -> {
            try {
                return epochTimes().size() == count;
            } catch (Exception e) {
                return false;
            }
        };
    }

    @Test
    void pointsPublishedWhileTheServerIsDownAreWrittenOnceItIsBackAndNothingIsLost() throws Exception {
        Command command = SinkRecords.command("cmd-1", "r1", T.plusSeconds(10));
        List<Map.Entry<String, WireMessage>> before = new ArrayList<>(epochs(1, 20));
        before.add(Map.entry(SinkTopics.defaults().commands(), command));

        try (InfluxSink sink = InfluxSink.start(config("outage"))) {
            publish(before);
            // As in a real run, the ack follows its command (a trainer answers what it has received).
            publish(List.of(Map.entry(SinkTopics.defaults().acks(), SinkRecords.ackOf(command, 10, T.plusSeconds(11)))));
            await("20 epochs are written", epochPoints(20));
            await("the intervention is written", () -> sink.counters().pointsWritten() == 21);

            server.stop();
            long down = System.nanoTime();
            List<Map.Entry<String, WireMessage>> during = new ArrayList<>(epochs(21, 40));
            during.add(Map.entry(SinkTopics.defaults().fptStats(), SinkRecords.stats("baseline", T.plusSeconds(40))));
            publish(during);
            await("writes fail and are retried", () -> sink.counters().writeFailures() >= 3);
            assertThat(sink.counters().retrying()).isTrue();
            // 20 or 26: whether the statistics were read before the partitions were paused is a race.
            assertThat(sink.counters().pointsWaiting()).isIn(20, 26);

            server.start();
            long up = System.nanoTime();
            await("all 40 epochs are written", epochPoints(40));
            long caughtUp = System.nanoTime();
            await("everything is written", () -> sink.counters().pointsWritten() == 47);
            System.out.printf("outage of %d ms: %d failed writes; caught up %d ms after the server returned%n",
                    (up - down) / 1_000_000, sink.counters().writeFailures(), (caughtUp - up) / 1_000_000);

            SinkCounters counters = sink.counters();
            assertThat(counters.recordsRead()).isEqualTo(43);
            assertThat(counters.pointsRejected()).isZero();
            assertThat(counters.acksWithoutCommand()).isZero();
            assertThat(counters.retrying()).isFalse();
            await("offsets are committed to the end", () -> committedToTheEnd("outage"));
        }
        assertThat(server.export("training_intervention_ack_latency_ms"))
                .singleElement().satisfies(series -> {
                    assertThat(series.labels()).containsEntry("kind", "shrink_perturb");
                    assertThat(series.values()).containsExactly(1000.0);
                });
        assertThat(server.export("fpt_survival_survival")).hasSize(3);

        // A second group reads everything again: the same points, at the same times.
        try (InfluxSink replay = InfluxSink.start(config("replay"))) {
            await("the replay is written", () -> replay.counters().pointsWritten() == 47);
        }
        assertThat(epochTimes()).hasSize(40);
        // InfluxDB overwrites a point with the same series and time; VictoriaMetrics may keep both copies.
        for (VictoriaMetrics.Series series : server.export("training_epoch_test_acc")) {
            Map<Long, Set<Double>> valuesAt = new HashMap<>();
            for (int i = 0; i < series.values().size(); i++) {
                valuesAt.computeIfAbsent(series.timestamps().get(i), t -> new TreeSet<>()).add(series.values().get(i));
            }
            assertThat(valuesAt).hasSize(40).allSatisfy((time, values) -> assertThat(values).hasSize(1));
        }
    }

    private static boolean committedToTheEnd(String group) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            return committed.size() == 4 && committed.entrySet().stream()
                    .allMatch(e -> e.getValue().offset() == ends.get(e.getKey()).offset());
        } catch (Exception e) {
            return false;
        }
    }
}
