package dev.firstpass.cli.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.cli.monitor.Await;
import dev.firstpass.controller.loop.PlateauProcess;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A monitor process killed with SIGKILL while it processes a live stream exactly once: its open
 * transaction is aborted, and a replacement on an empty state directory restores the state from the
 * changelogs and ends with the statistics of a monitor that was never interrupted.
 */
class MonitorKillTest {

    private static final String EXPERIMENT = "crash-e1";
    private static final int RUNS = 24;
    private static final int EPOCHS = 40;
    private static final int TOTAL = RUNS * EPOCHS;
    private static final String KILLED = "crash-killed";
    private static final String STEADY = "crash-steady";
    private static final Pattern RESTORED = Pattern.compile("store (\\S+) restored (\\d+) records from changelog");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void aMonitorKilledMidTransactionIsReplacedOnRestoredStateWithTheStatisticsOfAnUninterruptedRun()
            throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral());
                KafkaProbe probe = new KafkaProbe(kafka)) {
            Map<String, Integer> topics = new HashMap<>();
            Topics.all().forEach(topic -> topics.put(topic, 1));
            for (String name : List.of(KILLED, STEADY)) {
                List.of(".stats", ".plateau", ".dlq").forEach(suffix -> topics.put(name + suffix, 1));
            }
            kafka.createTopics(topics);

            int killedPort = FirstPassProcess.freePort();
            FirstPassProcess killed = FirstPassProcess.start("monitor-killed", dir,
                    monitorArguments(kafka, KILLED, "state-killed", killedPort));
            // The stream arrives round by round while the running monitor works through it, as from live
            // runs; published before it runs, it would all be taken in by its first commit.
            Await.present("the monitor running", () -> {
                killed.requireAlive();
                return get(killedPort, "").filter(response -> response.statusCode() == 200);
            });
            CompletableFuture<Integer> feeding = CompletableFuture.supplyAsync(() -> feed(kafka));
            // Killed at a moment it has a quarter of the stream committed and a transaction open.
            long committedBefore = Await.present("the monitor mid-stream with a transaction open", () -> {
                killed.requireAlive();
                return committedOffset(probe).filter(offset -> offset >= TOTAL / 4 && transactionOpen(probe));
            });
            killed.kill();
            long committedAtKill = committedOffset(probe).orElse(0L);
            int published = feeding.join();

            // Mid-stream: some of the stream committed, not all of it.
            assertThat(committedAtKill).isGreaterThanOrEqualTo(committedBefore).isLessThan(TOTAL);
            assertThat(published).isEqualTo(TOTAL);

            int replacementPort = FirstPassProcess.freePort();
            int steadyPort = FirstPassProcess.freePort();
            try (FirstPassProcess replacement = FirstPassProcess.start("monitor-replacement", dir,
                    monitorArguments(kafka, KILLED, "state-replacement", replacementPort));
                    FirstPassProcess steady = FirstPassProcess.start("monitor-steady", dir,
                            monitorArguments(kafka, STEADY, "state-steady", steadyPort))) {
                JsonNode restored = Await.stable("the replacement's view of every epoch",
                        () -> everyEpochAnalysed(replacement, replacementPort));
                JsonNode uninterrupted = Await.stable("the uninterrupted monitor's view of every epoch",
                        () -> everyEpochAnalysed(steady, steadyPort));

                assertThat(restored.get("runs").asInt()).isEqualTo(uninterrupted.get("runs").asInt())
                        .isEqualTo(RUNS);
                assertThat(uninterrupted.get("stats")).isNotEmpty();
                assertThat(withoutTime(restored.get("stats"))).isEqualTo(withoutTime(uninterrupted.get("stats")));

                replacement.close();
                // Restored, not recomputed: the replacement read the stream only from the committed offset
                // on, yet holds every epoch, because it loaded the rest from the changelogs.
                Map<String, Long> restoredByStore = restoredRecords(replacement.output());
                assertThat(restoredByStore.values().stream().mapToLong(Long::longValue).sum())
                        .as("records the replacement restored; its output:%n%s", replacement.output())
                        .isPositive();
            }
            // Killed mid-transaction: what its open transaction had written to the changelogs was aborted,
            // so a read_uncommitted consumer sees records a read_committed one never does.
            Set<String> changelogs = probe.topics(KILLED + "-", "-changelog");
            assertThat(changelogs).isNotEmpty();
            int everything = probe.readAll(changelogs, "read_uncommitted").size();
            int committedOnly = probe.readAll(changelogs, "read_committed").size();
            assertThat(everything).as("changelog records, aborted ones included").isGreaterThan(committedOnly);
        }
    }

    private List<String> monitorArguments(EmbeddedKafkaBroker kafka, String name, String stateDir,
            int httpPort) {
        return new ArrayList<>(List.of("monitor", "--quiet",
                "--bootstrap-servers=" + kafka.bootstrapServers(),
                "--application-id=" + name,
                "--state-dir=" + dir.resolve(stateDir),
                "--metric=test_acc", "--target=" + PlateauProcess.TARGET,
                "--bootstrap-resamples=20", "--statistics-interval=300ms",
                "--topic-fpt-stats=" + name + ".stats", "--topic-plateau=" + name + ".plateau",
                "--topic-dlq=" + name + ".dlq",
                "--http-port=" + httpPort,
                // Commits a second apart and no record cache: every state change goes to the changelog at
                // once, inside a transaction that stays open until the next commit.
                "--streams-property=commit.interval.ms=1000",
                "--streams-property=statestore.cache.max.bytes=0"));
    }

    /** Publishes the experiment round by round, a short pause between rounds; returns how many records. */
    private static int feed(EmbeddedKafkaBroker kafka) {
        List<PlateauProcess.Run> runs = new ArrayList<>();
        for (int r = 0; r < RUNS; r++) {
            runs.add(new PlateauProcess.Run(7000L + r));
        }
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        int sent = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (int epoch = 1; epoch <= EPOCHS; epoch++) {
                for (int r = 0; r < RUNS; r++) {
                    String runId = EXPERIMENT + "-r" + r;
                    EpochEvent event = new EpochEvent(EXPERIMENT, runId, null, epoch, 0,
                            Instant.EPOCH.plusSeconds(epoch), Map.of("test_acc", runs.get(r).evaluate(epoch)), 0,
                            Map.of());
                    producer.send(new ProducerRecord<>(Topics.EPOCH_EVENTS, runId, ProtocolJson.write(event)));
                    sent++;
                }
                producer.flush();
                // Pacing only, so the kill finds the monitor with work in hand; nothing waits on it.
                pause(100);
            }
        }
        return sent;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        }
    }

    private static Optional<Long> committedOffset(KafkaProbe probe) {
        try {
            return Optional.of(probe.committed(KILLED, Topics.EPOCH_EVENTS));
        } catch (Exception notYet) {
            return Optional.empty();
        }
    }

    private static boolean transactionOpen(KafkaProbe probe) {
        try {
            return probe.transactionOpen(probe.topics(KILLED + "-", "-changelog"));
        } catch (Exception notYet) {
            return false;
        }
    }

    /** The monitor's view of the experiment once it holds every epoch and no analysis is pending. */
    private static Optional<JsonNode> everyEpochAnalysed(FirstPassProcess monitor, int port) {
        monitor.requireAlive();
        Optional<HttpResponse<String>> response = get(port, "/" + EXPERIMENT)
                .filter(answer -> answer.statusCode() == 200);
        if (response.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode view = JSON.readTree(response.get().body());
            boolean complete = view.get("epochs").asInt() == TOTAL && !view.get("pending").asBoolean()
                    && !view.get("stats").isEmpty();
            return complete ? Optional.of(view) : Optional.empty();
        } catch (java.io.IOException e) {
            throw new AssertionError("the monitor answered something other than JSON: " + response.get().body(), e);
        }
    }

    /** The monitor's answer to GET /experiments{@code path}; empty while it does not listen yet. */
    private static Optional<HttpResponse<String>> get(int port, String path) {
        try {
            return Optional.of(HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/experiments" + path)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        } catch (java.io.IOException notListeningYet) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static JsonNode withoutTime(JsonNode stats) {
        JsonNode copy = stats.deepCopy();
        copy.forEach(record -> ((ObjectNode) record).remove("time"));
        return copy;
    }

    private static Map<String, Long> restoredRecords(String output) {
        Map<String, Long> restored = new HashMap<>();
        Matcher matcher = RESTORED.matcher(output);
        while (matcher.find()) {
            restored.merge(matcher.group(1), Long.parseLong(matcher.group(2)), Long::sum);
        }
        return restored;
    }
}
