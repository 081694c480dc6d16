package dev.firstpass.monitor;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.monitor.query.ExperimentView;
import dev.firstpass.monitor.query.QueriesUnavailableException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitor as deployed: Kafka Streams against a real (in-process) broker, restarted on empty local state. */
class MonitorAppTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafkaBroker.start(BrokerSettings.persistentAt(dir.resolve("kafka"), 0));
        kafka.createTopics(Topics.all().stream().collect(java.util.stream.Collectors.toMap(topic -> topic, topic -> 1)));
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Map<String, String> settings(String stateDir) {
        Map<String, String> settings = MonitorHarness.settings(dir.resolve(stateDir));
        settings.put(MonitorConfig.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
        settings.put(MonitorConfig.APPLICATION_ID.key(), "monitor-app-test");
        settings.put(MonitorConfig.STATISTICS_INTERVAL.key(), "200ms");
        settings.put("streams.commit.interval.ms", "100");
        return settings;
    }

    private static void send(String topic, String key, String value) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value));
        }
    }

    private static void epoch(String run, int epoch, double value) {
        EpochEvent event = new EpochEvent("e1", run, null, epoch, 0, Instant.parse("2025-02-06T12:00:00Z"),
                Map.of("test_acc", value), 0, Map.of());
        send(Topics.EPOCH_EVENTS, run, ProtocolJson.write(event));
    }

    private static <T> T await(String what, Supplier<Optional<T>> probe) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Optional<T> value = probe.get();
                if (value.isPresent()) {
                    return value.get();
                }
            } catch (QueriesUnavailableException notYet) {
                // starting or restoring
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private static List<String> deadLetterReasons(int expected) {
        List<String> reasons = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers(), "group.id", "dlq-reader-" + UUID.randomUUID(), "auto.offset.reset", "earliest",
                "isolation.level", "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.EPOCH_EVENTS_DLQ));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (reasons.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    reasons.add(new String(record.headers().lastHeader("firstpass.dlq.reason").value(),
                            StandardCharsets.UTF_8));
                }
            }
        }
        return reasons;
    }

    @Test
    void publishesStatisticsAnswersQueriesAndRestoresItsStateAfterARestart() throws Exception {
        Map<String, String> withHttp = settings("state-a");
        withHttp.put(MonitorConfig.HTTP_PORT.key(), Integer.toString(freePort()));
        try (MonitorApp app = MonitorApp.start(new MonitorConfig(withHttp), Clock.systemUTC())) {
            epoch("r1", 1, 0.5);
            epoch("r1", 2, 0.85);
            epoch("r2", 1, 0.9);
            send(Topics.EPOCH_EVENTS, "r3", "{not json");
            // Statistics are published every 200 ms, so wait for the ones that have seen every epoch.
            ExperimentView view = await("statistics of e1", () -> app.queries().experiment("e1")
                    .filter(v -> v.stats().size() == 1 && v.stats().get(0).runs() == 2
                            && v.stats().get(0).survival().size() == 3));
            assertThat(view.runs()).isEqualTo(2);
            assertThat(view.stats()).extracting(s -> s.arm() + " " + s.runs() + " " + s.survival())
                    .containsExactly("baseline 2 [1.0, 0.5, 0.0]");
            assertThat(deadLetterReasons(1)).singleElement().asString().startsWith("malformed JSON");
            await("the dead letter counted", () -> Optional.of(app.dlqCount()).filter(n -> n == 1));
            assertThat(app.dlqCounts()).containsExactly(Map.entry("malformed-json", 1L));
            HttpResponse<String> list = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + app.httpPort().getAsInt() + "/experiments")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(list.body()).isEqualTo("[{\"experiment\":\"e1\",\"runs\":2}]");
        }
        // A new instance on empty local state must rebuild every store from its changelog.
        try (MonitorApp app = MonitorApp.start(new MonitorConfig(settings("state-b")), Clock.systemUTC())) {
            await("running", () -> Optional.of(app.state()).filter(s -> s == KafkaStreams.State.RUNNING));
            assertThat(await("restored experiment", () -> app.queries().experiment("e1")).runs()).isEqualTo(2);
            // Only a restored run state can know that epoch 2 of r1 was 0.85.
            epoch("r1", 2, 0.6);
            assertThat(deadLetterReasons(2)).element(1)
                    .isEqualTo("conflicting value for epoch 2 of run r1 in segment 0: 0.85 then 0.6");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
