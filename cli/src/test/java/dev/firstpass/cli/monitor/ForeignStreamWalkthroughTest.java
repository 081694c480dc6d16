package dev.firstpass.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.cli.CliRun;
import dev.firstpass.core.fpt.analysis.AnalysisSettings;
import dev.firstpass.core.fpt.analysis.Arm;
import dev.firstpass.core.fpt.analysis.ExperimentInput;
import dev.firstpass.core.fpt.analysis.ExperimentReport;
import dev.firstpass.core.fpt.analysis.FirstPassageAnalysis;
import dev.firstpass.core.fpt.analysis.ProgressListener;
import dev.firstpass.core.fpt.qss.QssSettings;
import dev.firstpass.core.fpt.trajectory.Direction;
import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.core.recording.RecordingFiles;
import dev.firstpass.monitor.MonitorTopology;
import dev.firstpass.monitor.input.CoPartitioning;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walkthrough of docs/adapters.md, run as written: kcat publishing line protocol and Python publishing
 * JSON, both through librdkafka's partitioner (CRC32, not the murmur2 of Java clients), with the restarted
 * runs' kicks in the stream, each read by the documented monitor command. Each monitor publishes what
 * {@code firstpass analyze} computes from the same files, and still does after it is stopped, started
 * again and sent every record once more.
 */
class ForeignStreamWalkthroughTest {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Path DOC = REPOSITORY.resolve("docs/adapters.md");
    private static final Path EXPERIMENT_DIR = REPOSITORY.resolve("experiments/lr-search");
    private static final Pattern BLOCK = Pattern.compile("<!-- walkthrough: ([a-z-]+) -->\\n```[a-z]*\\n(.*?)\\n```",
            Pattern.DOTALL);
    private static final String DOCUMENTED_KAFKA = "127.0.0.1:9092";
    private static final int RECORDS = 36 * 30;
    private static final int RESAMPLES = 200;
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void kcatLineProtocolWithKicksGivesWhatAnalyzeComputesBeforeAndAfterARestart() throws Exception {
        assumeTrue(commandWorks("kcat", "-V"), "kcat is not installed (apt-get install kcat); skipping");
        walkthrough("line-protocol-monitor", "telegraf.metrics", () -> run(List.of("bash", "-c",
                documented("kcat"))));
    }

    @Test
    void pythonJsonWithKicksGivesWhatAnalyzeComputesBeforeAndAfterARestart() throws Exception {
        String python = python();
        assumeTrue(python != null, "no python3 with confluent_kafka (apt-get install python3-confluent-kafka);"
                + " skipping");
        walkthrough("json-monitor", "team.training.metrics", () -> run(List.of(python, "-c", documented("python"))));
    }

    /** The producer of one walkthrough, run against the test's broker. */
    private interface Publisher {
        void publish() throws Exception;
    }

    private void walkthrough(String monitorBlock, String topic, Publisher publisher) throws Exception {
        ExperimentReport offline = offline();
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral()
                .withDefaultPartitions(3))) {
            kafka.createTopics(Topics.all().stream().filter(t -> !t.equals(Topics.FPT_STATS))
                    .collect(Collectors.toMap(t -> t, t -> 3)));
            kafka.createCompactedTopics(Map.of(Topics.FPT_STATS, 3));
            bootstrap = kafka.bootstrapServers();
            List<String> args = monitorArgs(documented(monitorBlock));
            int port = Integer.parseInt(args.get(args.indexOf("--http-port") + 1));
            String applicationId = args.contains("--application-id")
                    ? args.get(args.indexOf("--application-id") + 1) : "firstpass-monitor";

            String repartition = MonitorTopology.inputRepartitionTopic(applicationId);
            Map<String, FptStats> before;
            long rerouted;
            try (RunningMonitor monitor = RunningMonitor.start(args)) {
                awaitTopic(kafka, topic);
                publisher.publish();
                before = published(port, Optional.empty());
                expectOffline(before, offline);
                rerouted = endOffsets(kafka, repartition);
                // Every message of a run whose CRC32 partition is not its murmur2 one crossed the repartition
                // topic (whose end offsets also count the transactions' commit markers).
                assertThat(rerouted).as("records re-routed to their run's partition").isGreaterThanOrEqualTo(
                        misplacedMessages());
            }
            try (RunningMonitor restarted = RunningMonitor.start(args)) {
                // Stopped with Ctrl-C, started again, and every record sent once more: nothing changes.
                publisher.publish();
                awaitEndOffsets(kafka, repartition, rerouted + misplacedMessages());
                awaitCaughtUp(kafka, applicationId, List.of(topic, repartition));
                Map<String, FptStats> after = published(port, Optional.of(before));
                expectOffline(after, offline);
                after.forEach((key, stats) -> assertThat(stats).as(key).isEqualTo(before.get(key)));
            }
            assertThat(endOffsets(kafka, Topics.EPOCH_EVENTS_DLQ)).as("dead letters").isZero();
        }
    }

    private String bootstrap;

    /** The documented block with the test's broker in place of the documented one. */
    private String documented(String name) throws IOException {
        Matcher matcher = BLOCK.matcher(Files.readString(DOC, StandardCharsets.UTF_8));
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                String block = matcher.group(2);
                return bootstrap == null ? block : block.replace(DOCUMENTED_KAFKA, bootstrap);
            }
        }
        throw new AssertionError("no walkthrough block '" + name + "' in " + DOC);
    }

    /**
     * The documented monitor command as arguments, pointed at the test's broker, a free HTTP port and a
     * state folder of the test's own.
     */
    private List<String> monitorArgs(String command) throws IOException {
        String[] words = command.replace("\\\n", " ").trim().split("\\s+");
        assertThat(words[0]).isEqualTo("./firstpass");
        List<String> args = new ArrayList<>(List.of(words).subList(1, words.length));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        args.set(args.indexOf("--http-port") + 1, Integer.toString(port));
        args.addAll(List.of("--bootstrap-servers", bootstrap, "--state-dir", dir.resolve("state").toString(),
                "--statistics-interval", "1s"));
        return args;
    }

    /** The documented command's monitor, in this JVM, until closed (the in-process Ctrl-C). */
    private static final class RunningMonitor implements AutoCloseable {
        private final Thread thread;
        private volatile CliRun cli;

        private RunningMonitor(List<String> args) {
            thread = new Thread(() -> cli = CliRun.execute(args.toArray(String[]::new)), "walkthrough-monitor");
        }

        static RunningMonitor start(List<String> args) {
            RunningMonitor monitor = new RunningMonitor(args);
            monitor.thread.start();
            return monitor;
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(cli).as("the monitor command returned").isNotNull();
            assertThat(cli.exitCode()).as(cli.err()).isZero();
        }
    }

    /** What firstpass analyze computes from the recorded files, with the monitor's resamples. */
    private static ExperimentReport offline() {
        return FirstPassageAnalysis.analyze(new ExperimentInput("test_accuracy", Direction.MAX,
                PerturbationKind.FULL_RESET, Arm.unperturbed("baseline",
                        RecordingFiles.readArm(EXPERIMENT_DIR.resolve("baseline"), "test_accuracy")),
                Optional.of(Arm.kickedEvery(4, "restart4",
                        RecordingFiles.readArm(EXPERIMENT_DIR.resolve("restart4"), "test_accuracy"))), List.of()),
                List.of(Target.atLeast(0.7)), new AnalysisSettings(QssSettings.defaults(), RESAMPLES,
                        AnalysisSettings.DEFAULT_CONFIDENCE, AnalysisSettings.DEFAULT_SEED, 0),
                ProgressListener.SILENT);
    }

    /**
     * The statistics the monitor's HTTP queries give once it holds every epoch and has analysed them all;
     * after a restart, once it answers with statistics at least as new as {@code previous}.
     */
    private static Map<String, FptStats> published(int port, Optional<Map<String, FptStats>> previous)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/experiments/lr-search")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() == 200) {
                    JsonNode view = JSON.readTree(response.body());
                    if (view.get("epochs").asInt() == RECORDS && !view.get("pending").asBoolean()
                            && view.get("stats").size() == 2) {
                        Map<String, FptStats> stats = new HashMap<>();
                        for (JsonNode node : view.get("stats")) {
                            FptStats one = ProtocolJson.parseFptStats(node.toString());
                            stats.put(one.arm(), one);
                        }
                        return stats;
                    }
                }
            } catch (IOException notYetListening) {
                last = notYetListening.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the monitor did not publish statistics of every epoch within " + PATIENCE
                + (previous.isPresent() ? " after its restart" : "") + "; last answer: " + last);
    }

    private static void expectOffline(Map<String, FptStats> published, ExperimentReport offline) {
        assertThat(published).containsOnlyKeys("baseline", "restart4");
        MonitorVersusAnalyze.baseline(published.get("baseline"), offline.targets().get(0));
        MonitorVersusAnalyze.probe(published.get("restart4"), offline, offline.targets().get(0), "restart4");
        // The numbers the walkthrough quotes.
        assertThat(published.get("baseline").runs()).isEqualTo(24);
        assertThat(published.get("baseline").censored()).isEqualTo(11);
        assertThat(published.get("restart4").reason()).isEqualTo("perturb: full_reset every 3 epochs: predicted MFPT"
                + " 6.0 [4.2, 11.7] vs the baseline's inf [inf, inf], wholly below");
    }

    private static void awaitTopic(EmbeddedKafkaBroker kafka, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!admin.listTopics().names().get().contains(topic)) {
                assertThat(System.nanoTime()).as("the monitor created " + topic).isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    /**
     * The messages (epoch events and kicks) of runs that librdkafka puts in another partition than Java
     * clients do, 3 partitions: about two thirds of them, as the walkthrough says.
     */
    private static long misplacedMessages() {
        long misplaced = 0;
        long all = 0;
        for (String arm : List.of("baseline", "restart4")) {
            for (var run : RecordingFiles.readRuns(EXPERIMENT_DIR.resolve(arm))) {
                CRC32 crc = new CRC32();
                crc.update(run.runId().getBytes(StandardCharsets.UTF_8));
                long messages = run.trajectory("test_accuracy").epochs() + (arm.equals("restart4") ? 7 : 0);
                all += messages;
                if (crc.getValue() % 3 != CoPartitioning.partitionOf(run.runId(), 3)) {
                    misplaced += messages;
                }
            }
        }
        assertThat((double) misplaced / all).as("share of messages in another partition").isBetween(0.55, 0.8);
        return misplaced;
    }

    /** Waits until the monitor's group has committed every record of {@code topics}. */
    private static void awaitCaughtUp(EmbeddedKafkaBroker kafka, String group, List<String> topics) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            while (true) {
                Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
                for (String topic : topics) {
                    int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                            .size();
                    for (int p = 0; p < partitions; p++) {
                        ends.put(new TopicPartition(topic, p), OffsetSpec.latest());
                    }
                }
                var endOffsets = admin.listOffsets(ends).all().get();
                var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                boolean caughtUp = endOffsets.entrySet().stream().allMatch(end -> end.getValue().offset() == 0
                        || (committed.get(end.getKey()) != null
                                && committed.get(end.getKey()).offset() >= end.getValue().offset()));
                if (caughtUp) {
                    return;
                }
                assertThat(System.nanoTime()).as(group + " caught up with " + topics).isLessThan(deadline);
                Thread.sleep(300);
            }
        }
    }

    private static void awaitEndOffsets(EmbeddedKafkaBroker kafka, String topic, long expected) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (endOffsets(kafka, topic) < expected) {
            assertThat(System.nanoTime()).as(expected + " records on " + topic).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static long endOffsets(EmbeddedKafkaBroker kafka, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                ends.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(ends).all().get().values().stream().mapToLong(info -> info.offset()).sum();
        }
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).directory(REPOSITORY.toFile()).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static boolean commandWorks(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Debian's python3 first: an interpreter from elsewhere on the PATH may lack its packages. */
    private static String python() {
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            if (commandWorks(candidate, "-c", "import confluent_kafka")) {
                return candidate;
            }
        }
        return null;
    }
}
