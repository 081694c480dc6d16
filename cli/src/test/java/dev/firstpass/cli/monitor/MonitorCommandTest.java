package dev.firstpass.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.cli.CliRun;
import dev.firstpass.cli.ExitCodes;
import dev.firstpass.cli.FirstPassCommand;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code firstpass monitor} against a real broker: ready line, queries, progress, and a clean stop. */
class MonitorCommandTest {

    private static final Pattern READY = Pattern.compile("Monitor ready on (127\\.0\\.0\\.1:\\d+) as application"
            + " command-test, queries at (http://127\\.0\\.0\\.1:\\d+/experiments); Ctrl-C stops it");

    @TempDir
    Path stateDir;

    @Test
    void servesQueriesAndShowsProgressUntilInterrupted() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral()
                .withDefaultPartitions(3))) {
            kafka.createTopics(Topics.all().stream().collect(Collectors.toMap(topic -> topic, topic -> 3)));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine commandLine = FirstPassCommand.commandLine().setOut(new PrintWriter(out, true))
                    .setErr(new PrintWriter(err, true));
            AtomicInteger exitCode = new AtomicInteger(-1);
            String httpPort = Integer.toString(freePort());
            Thread command = new Thread(() -> exitCode.set(commandLine.execute("monitor",
                    "--bootstrap-servers", kafka.bootstrapServers(), "--application-id", "command-test",
                    "--state-dir", stateDir.toString(), "--metric", "test_acc", "--target", "0.8",
                    "--statistics-interval", "200ms", "--http-port", httpPort,
                    "--streams-property", "commit.interval.ms=100")));
            command.start();

            Matcher ready = Await.present("the ready line", () -> Optional.of(READY.matcher(out.toString()))
                    .filter(Matcher::find));
            assertThat(ready.group(1)).isEqualTo(kafka.bootstrapServers());
            epochs(kafka, "r1", 0.5, 0.85);
            epochs(kafka, "r2", 0.9);
            epochs(kafka, "r3", 0.4);

            String listing = Await.present("three runs listed", () -> Optional.of(get(ready.group(2)))
                    .filter(body -> body.contains("\"runs\":3")));
            assertThat(listing).isEqualTo("[{\"experiment\":\"e1\",\"runs\":3}]");
            Await.present("a progress line", () -> Optional.of(err.toString())
                    .filter(text -> text.contains("firstpass monitor: experiments 1, runs 3, dead letters 0\n")));

            command.interrupt();
            command.join(Duration.ofSeconds(60).toMillis());
            assertThat(command.isAlive()).isFalse();
            assertThat(exitCode.get()).isEqualTo(ExitCodes.OK);
            assertThat(out.toString()).endsWith("Monitor stopped\n");
        }
    }

    @Test
    void badValuesExitWithOneLinePerProblemBeforeConnecting() {
        CliRun run = CliRun.execute("monitor", "--bootstrap-servers", "127.0.0.1:1", "--target", "0.8,high",
                "--stall-timeout", "10", "--qss-alpha", "1.5", "--input-option", "epoch", "--http-port", "-1",
                "--input-format", "csv");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(""
                + "firstpass monitor: --input-option must be NAME=VALUE: 'epoch'\n"
                + "firstpass monitor: --metric is required: give --metric or set FIRSTPASS_METRIC\n"
                + "firstpass monitor: --target must be finite numbers, comma separated: '0.8,high'\n"
                + "firstpass monitor: --stall-timeout must be a whole number with a unit ms, s, m or h,"
                + " e.g. 30s or 10m: '10'\n"
                + "firstpass monitor: --qss-alpha must be strictly between 0 and 1: '1.5'\n"
                + "firstpass monitor: --http-port must be at least 0: '-1'\n"
                + "firstpass monitor: --input-format must be one of native, json, line-protocol: \"csv\"\n");
    }

    @Test
    void aMissingInputTopicIsOneLineNamingItAndHowToCreateIt() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral()
                .withDefaultPartitions(3))) {
            kafka.createTopics(Map.of(Topics.EPOCH_EVENTS, 3, Topics.RUN_LIFECYCLE, 3));

            CliRun run = CliRun.execute("monitor", "--bootstrap-servers", kafka.bootstrapServers(),
                    "--state-dir", stateDir.toString(), "--metric", "test_acc", "--target", "0.8");

            assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(run.err()).isEqualTo("firstpass monitor: input topic training.control.acks (acks) does not"
                    + " exist on " + kafka.bootstrapServers() + ": create it with kafka-topics.sh --bootstrap-server "
                    + kafka.bootstrapServers() + " --create --topic training.control.acks --partitions 3, or start the"
                    + " monitor with --create-topics\n");
        }
    }

    @Test
    void createTopicsCreatesTheMissingOnesWithThePartitionsOfTheOthers() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral()
                .withDefaultPartitions(1))) {
            kafka.createTopics(Map.of("team.metrics", 4));
            StringWriter out = new StringWriter();
            CommandLine commandLine = FirstPassCommand.commandLine().setOut(new PrintWriter(out, true))
                    .setErr(new PrintWriter(new StringWriter(), true));
            AtomicInteger exitCode = new AtomicInteger(-1);
            Thread command = new Thread(() -> exitCode.set(commandLine.execute("monitor",
                    "--bootstrap-servers", kafka.bootstrapServers(), "--state-dir", stateDir.toString(),
                    "--metric", "acc", "--target", "0.8", "--input-topic", "team.metrics", "--input-format", "json",
                    "--input-option", "experiment=const:e", "--input-option", "metrics.acc=acc", "--create-topics")));
            command.start();

            Await.present("the ready line", () -> Optional.of(out.toString()).filter(text -> text.contains("ready")));
            try (Admin admin = Admin.create(
                    Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                Map<String, Integer> partitions = admin.describeTopics(List.of(Topics.ACKS,
                        Topics.RUN_LIFECYCLE, Topics.FPT_STATS, Topics.EPOCH_EVENTS_DLQ, Topics.PLATEAU))
                        .allTopicNames().get().entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().partitions().size()));
                assertThat(partitions).containsOnlyKeys(Topics.ACKS, Topics.RUN_LIFECYCLE, Topics.FPT_STATS,
                        Topics.EPOCH_EVENTS_DLQ, Topics.PLATEAU).allSatisfy((topic, count) -> assertThat(count)
                        .as(topic).isEqualTo(4));
            }
            command.interrupt();
            command.join(Duration.ofSeconds(60).toMillis());
            assertThat(exitCode.get()).isEqualTo(ExitCodes.OK);
        }
    }

    private static void epochs(EmbeddedKafkaBroker kafka, String run, double... values) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < values.length; i++) {
                EpochEvent event = new EpochEvent("e1", run, null, i + 1, 0, Instant.parse("2025-02-06T12:00:00Z"),
                        Map.of("test_acc", values[i]), 0, Map.of());
                producer.send(new ProducerRecord<>(Topics.EPOCH_EVENTS, run, ProtocolJson.write(event)));
            }
        }
    }

    private static String get(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
