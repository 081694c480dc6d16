package dev.firstpass.cli.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.cli.CliRun;
import dev.firstpass.cli.FirstPassCommand;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code firstpass sink} checks its options before starting, reports its progress and stops when interrupted. */
class SinkCommandTest {

    static {
        // Kafka logs thousands of INFO lines per start; set before the first logger is created.
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }

    @TempDir
    Path dir;

    private static CommandLine firstpass() {
        return FirstPassCommand.commandLine();
    }

    @Test
    void badOptionsExitWithStatus2NamingEveryBadValueBeforeAnythingStarts() {
        CliRun run = CliRun.execute(firstpass(), "sink", "--bootstrap-servers", "kafka", "--influx-token", " ",
                "--influx-url", "influx:8086", "--batch-size", "0", "--topic-acks", "acks topic",
                "--set", "influx.org=ml", "--set", "batchsize=5", "--set", "oops", "--status-interval", "0s");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).containsExactly(
                "firstpass sink: --set influx.org: use --influx-org for it",
                "firstpass sink: --set must be kafka.NAME=VALUE: 'batchsize=5'",
                "firstpass sink: --set must be kafka.NAME=VALUE: 'oops'",
                "firstpass sink: --bootstrap-servers must be host:port pairs separated by commas, such as kafka:9092:"
                        + " 'kafka'",
                "firstpass sink: --influx-url must be an http or https URL such as http://influxdb:8086: 'influx:8086'",
                "firstpass sink: --influx-token must not be blank",
                "firstpass sink: --batch-size must be at least 1: '0'",
                "firstpass sink: --topic-acks must be a Kafka topic name (letters, digits, '.', '_', '-'; at most 249):"
                        + " 'acks topic'",
                "firstpass sink: --status-interval must be longer than 0: '0s'");
    }

    @Test
    void aMissingTokenSaysWhereToGiveIt() {
        CliRun run = CliRun.execute(firstpass(), "sink", "--bootstrap-servers", "127.0.0.1:9092");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(
                "firstpass sink: --influx-token is required: give --influx-token or set FIRSTPASS_INFLUX_TOKEN\n");
    }

    @Test
    void runsUntilInterruptedPrintingReadyAndStatusLinesWhileInfluxDbIsUnreachable() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral())) {
            kafka.createTopics(Topics.all().stream().collect(Collectors.toMap(t -> t, t -> 1)));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine commandLine = firstpass();
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));
            Path statusFile = dir.resolve("sink.status");
            AtomicInteger exitCode = new AtomicInteger(-1);
            Thread command = new Thread(() -> exitCode.set(commandLine.execute("sink",
                    "--bootstrap-servers", kafka.bootstrapServers(), "--influx-url", "http://127.0.0.1:9",
                    "--influx-token", "t", "--flush-interval", "100ms", "--backoff-initial", "100ms",
                    "--backoff-max", "200ms", "--write-timeout", "500ms", "--status-interval", "1s",
                    "--status-file", statusFile.toString())));
            command.start();
            try {
                await(() -> out.toString().contains("Ctrl-C stops it"), command, out);
                assertThat(out.toString()).startsWith("firstpass sink: reading training.metrics.epoch,"
                        + " training.control.commands, training.control.acks, training.control.decisions,"
                        + " training.monitor.fpt_stats, training.monitor.plateau from " + kafka.bootstrapServers()
                        + " (group firstpass-sink), writing to http://127.0.0.1:9 bucket firstpass (org firstpass);"
                        + " Ctrl-C stops it");
                publishEpoch(kafka.bootstrapServers());
                await(() -> err.toString().contains("InfluxDB is failing"), command, err);
                assertThat(err.toString()).contains("firstpass sink: 1 records read, 0 points written in 0 writes,"
                        + " 1 waiting; ").contains("; InfluxDB is failing, retrying with backoff: no answer from"
                        + " http://127.0.0.1:9 bucket firstpass (org firstpass)");
                assertThat(Files.readString(statusFile)).contains("1 records read");
            } finally {
                command.interrupt();
                command.join(Duration.ofSeconds(30).toMillis());
            }

            assertThat(command.isAlive()).isFalse();
            assertThat(exitCode.get()).isZero();
            assertThat(out.toString()).contains("firstpass sink stopped: 1 records read, 0 points written");
        }
    }

    private static void publishEpoch(String bootstrap) throws Exception {
        EpochEvent event = new EpochEvent("e1", "r1", null, 1, 0, Instant.parse("2025-02-06T12:00:00Z"),
                Map.of("test_acc", 0.5), 0, Map.of());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.EPOCH_EVENTS, "r1", ProtocolJson.write(event))).get();
        }
    }

    private static void await(BooleanSupplier condition, Thread command, StringWriter output)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && command.isAlive()) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out; output so far: " + output);
    }
}
