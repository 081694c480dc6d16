package dev.firstpass.cli.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.cli.CliRun;
import dev.firstpass.cli.ExitCodes;
import dev.firstpass.cli.FirstPassCommand;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.RunStarted;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.core.protocol.signing.CommandKey;
import dev.firstpass.core.protocol.signing.CommandKeyRing;
import dev.firstpass.core.protocol.signing.CommandVerifier;
import dev.firstpass.core.protocol.signing.Verification;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code firstpass controller}: options checked up front, then the controller runs until interrupted. */
class ControllerCommandTest {
    private static final Instant NOW = Instant.parse("2025-02-06T12:00:00Z");

    static {
        // Kafka logs thousands of INFO lines per start; set before the first logger is created.
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }

    @Test
    void everyBadOptionIsNamedWithItsValueAndExitsTwo() {
        CliRun run = CliRun.execute("controller", "--target", "high", "--probe-share", "1.5", "--mode", "often",
                "--params", "shrink=2", "--status-interval", "0s");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err().lines()).containsExactly(
                "firstpass controller: --status-interval must be longer than 0: '0s'",
                "firstpass controller: --target must be a number: 'high'",
                "firstpass controller: --params: shrink_perturb parameter 'shrink' must be in (0, 1]: 2.0",
                "firstpass controller: --mode must be periodic or one-shot: 'often'",
                "firstpass controller: --probe-share must be strictly between 0 and 1: '1.5'");
    }

    @Test
    void theTargetIsRequired() {
        CliRun run = CliRun.execute("controller");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).isEqualTo("firstpass controller: --target is required: give --target or set"
                + " FIRSTPASS_CONTROLLER_TARGET\n");
    }

    @Test
    void anUnreadableCommandKeyFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("controller.key");

        CliRun run = CliRun.execute("controller", "--target", "0.8", "--command-key", missing.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).isEqualTo("firstpass controller: --command-key: command key file " + missing
                + " cannot be read: java.nio.file.NoSuchFileException: " + missing + "\n");
    }

    @Test
    void helpShowsTheEnvironmentDefaults() {
        CliRun run = CliRun.execute("controller", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("env FIRSTPASS_BOOTSTRAP_SERVERS").contains("env FIRSTPASS_DRY_RUN")
                .contains("Exit status: 0 stopped by Ctrl-C, 1 Kafka failure, 2 bad input.");
    }

    @Test
    void runsAgainstABrokerSigningItsCommandsPrintsStatusLinesAndStopsWhenInterrupted(@TempDir Path dir)
            throws Exception {
        CommandKey key = CommandKey.generate("ctl-1", new SecureRandom());
        Path keyFile = Files.writeString(dir.resolve("controller.key"), key.asText() + "\n");
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral())) {
            Map<String, Integer> topics = new LinkedHashMap<>();
            Topics.all().forEach(topic -> topics.put(topic, 1));
            kafka.createTopics(topics);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            AtomicInteger exitCode = new AtomicInteger(-1);
            CommandLine commandLine = FirstPassCommand.commandLine();
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));
            Thread command = new Thread(() -> exitCode.set(commandLine.execute("controller", "--bootstrap-servers",
                    kafka.bootstrapServers(), "--target", "0.8", "--status-interval", "1s", "--probe-share", "0.99", "--controller-id",
                    "cli-test", "--command-key", keyFile.toString())));
            command.start();

            await(out, "controller ready: every experiment at " + kafka.bootstrapServers()
                    + ", target 0.8, periodic commands signed with key 'ctl-1'; Ctrl-C stops it");
            await(err, "firstpass controller: no experiment seen yet");
            // The baseline's statistics first: a run seen while observing would be one of the baseline's own.
            publish(kafka.bootstrapServers(), Topics.FPT_STATS, "e1|baseline|0.8", ProtocolJson.write(new FptStats(
                    "e1", "baseline", "test_acc", 0.8, FptStats.MAX, 8, 2, List.of(1.0), 9, 0.02, 50.0, true, false,
                    1.1, null, null, List.of(), null, null, null, false, "unperturbed baseline", NOW)));
            await(err, "firstpass controller: e1: probe, tau0 10; 0 commands");
            publish(kafka.bootstrapServers(), Topics.RUN_LIFECYCLE, "seed-1", ProtocolJson.write(new RunStarted("e1",
                    "seed-1", null, NOW, 1L, 100, true, Map.of())));
            await(err, "firstpass controller: e1: probe, tau0 10, runs: probe 1; 1 command");
            CommandVerifier trainer = CommandVerifier.of(CommandKeyRing.of(key), CommandVerifier.DEFAULT_WINDOW,
                    Clock.systemUTC());
            assertThat(commands(kafka.bootstrapServers())).singleElement()
                    .satisfies(record -> assertThat(trainer.verify(record.getKey(), record.getValue()))
                            .isEqualTo(new Verification(Verification.Outcome.ACCEPTED, "ctl-1",
                                    "signed with key 'ctl-1'")));

            command.interrupt();
            command.join(Duration.ofSeconds(30).toMillis());
            assertThat(command.isAlive()).isFalse();
            assertThat(exitCode.get()).isZero();
            assertThat(out.toString()).endsWith("controller stopped\n");
        }
    }

    /** Every record on the commands topic: its headers and its body. */
    private static List<Map.Entry<Map<String, String>, byte[]>> commands(String bootstrapServers) {
        List<Map.Entry<Map<String, String>, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers,
                "isolation.level", "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(Topics.COMMANDS, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    Map<String, String> headers = new LinkedHashMap<>();
                    record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
                    records.add(Map.entry(headers, record.value()));
                }
            }
        }
        return records;
    }

    /** A controllable run and baseline statistics that start the probe. */
    private static void publish(String bootstrapServers, String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                bootstrapServers), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private static void await(StringWriter output, String line) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (output.toString().lines().anyMatch(line::equals)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no line '" + line + "'; output so far: " + output);
    }
}
