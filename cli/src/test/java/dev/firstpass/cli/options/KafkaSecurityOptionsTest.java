package dev.firstpass.cli.options;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.cli.CliRun;
import dev.firstpass.cli.ExitCodes;
import dev.firstpass.core.kafka.KafkaSecurity;
import dev.firstpass.core.kafka.KafkaSecurity.Mechanism;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.core.settings.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The Kafka security options every Kafka command shares: sources, precedence, and problems in option terms. */
class KafkaSecurityOptionsTest {

    static {
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }

    @TempDir
    Path dir;

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        KafkaSecurityOptions kafkaSecurity;

        Probe(Map<String, String> environment) {
            kafkaSecurity = KafkaSecurityOptions.fromEnvironment(environment);
        }
    }

    private static KafkaSecurityOptions parsed(Map<String, String> environment, String... args) {
        Probe probe = new Probe(environment);
        new CommandLine(probe).parseArgs(args);
        return probe.kafkaSecurity;
    }

    private static KafkaSecurity security(KafkaSecurityOptions options, List<String> problems) {
        return options.security(problems::add);
    }

    @Test
    void optionsOverrideTheEnvironmentAndThePasswordComesFromTheEnvironment() {
        Map<String, String> environment = Map.of(
                "FIRSTPASS_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "FIRSTPASS_KAFKA_SASL_USERNAME", "from-env",
                "FIRSTPASS_KAFKA_SASL_PASSWORD", "env-secret");
        List<String> problems = new ArrayList<>();

        KafkaSecurity security = security(parsed(environment, "--kafka-security-protocol", "SASL_PLAINTEXT",
                "--kafka-sasl-username", "trainer", "--kafka-sasl-mechanism", "SCRAM-SHA-256"), problems);

        assertThat(problems).isEmpty();
        assertThat(security).isEqualTo(KafkaSecurity.scram(Mechanism.SCRAM_SHA_256, "trainer", Secret.of("env-secret")));
    }

    @Test
    void aPasswordFileOnTheCommandLineReplacesThePasswordOfTheEnvironment() throws IOException {
        Path file = Files.writeString(dir.resolve("password"), "file-secret\n");
        Map<String, String> environment = Map.of("FIRSTPASS_KAFKA_SASL_PASSWORD", "env-secret");
        List<String> problems = new ArrayList<>();

        KafkaSecurity security = security(parsed(environment, "--kafka-security-protocol", "SASL_PLAINTEXT",
                "--kafka-sasl-username", "sink", "--kafka-sasl-password-file", file.toString()), problems);

        assertThat(problems).isEmpty();
        assertThat(security.password()).isEqualTo(Secret.of("file-secret"));
    }

    @Test
    void problemsNameTheOptionOrVariableAndSayWhenAValueCameFromTheEnvironment() {
        Map<String, String> environment = Map.of(
                "FIRSTPASS_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "FIRSTPASS_KAFKA_SASL_MECHANISM", "PLAIN");
        List<String> problems = new ArrayList<>();

        security(parsed(environment, "--kafka-sasl-username", "trainer", "--kafka-ssl-truststore",
                dir.resolve("missing.p12").toString()), problems);

        assertThat(problems).containsExactly(
                "--kafka-sasl-mechanism must be SCRAM-SHA-256 or SCRAM-SHA-512: 'PLAIN'"
                        + " (from the environment variable FIRSTPASS_KAFKA_SASL_MECHANISM)",
                "FIRSTPASS_KAFKA_SASL_PASSWORD is required with --kafka-security-protocol SASL_SSL for user 'trainer'"
                        + " (set FIRSTPASS_KAFKA_SASL_PASSWORD or give --kafka-sasl-password-file)",
                "--kafka-ssl-truststore must be a readable file: " + dir.resolve("missing.p12"));
    }

    @Test
    void everyCommandThatConnectsToKafkaHasTheOptions() {
        for (String command : List.of("train", "monitor", "controller", "sink", "replay")) {
            CliRun run = CliRun.execute(command, "--help");

            assertThat(run.out()).as(command).contains("--kafka-security-protocol=PROTOCOL",
                    "--kafka-sasl-username=USER", "--kafka-sasl-password-file=FILE", "--kafka-ssl-truststore=FILE");
        }
    }

    @Test
    void theControllerStopsOnBadSecurityOptionsNamingEach() {
        CliRun run = CliRun.execute("controller", "--target", "0.8", "--kafka-security-protocol", "SASL_SSL",
                "--kafka-sasl-mechanism", "PLAIN", "--kafka-ssl-keystore-type", "P12");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err().lines()).containsExactly(
                "firstpass controller: --kafka-sasl-mechanism must be SCRAM-SHA-256 or SCRAM-SHA-512: 'PLAIN'",
                "firstpass controller: --kafka-ssl-keystore-type must be JKS, PKCS12 or PEM: 'P12'",
                "firstpass controller: --kafka-sasl-username is required with --kafka-security-protocol SASL_SSL",
                "firstpass controller: FIRSTPASS_KAFKA_SASL_PASSWORD is required with --kafka-security-protocol"
                        + " SASL_SSL (set FIRSTPASS_KAFKA_SASL_PASSWORD or give --kafka-sasl-password-file)");
    }

    @Test
    void theSinkRefusesASecuritySettingThroughSetSoThatNoPasswordLandsOnTheCommandLine() {
        CliRun run = CliRun.execute("sink", "--influx-token", "t", "--set", "sasl.password=hunter2");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).isEqualTo("firstpass sink: --set sasl.password: use the --kafka-* options or"
                + " FIRSTPASS_KAFKA_* variables for it\n");
    }

    @Test
    void replayPublishesToASecuredBrokerAsItsScramUser() throws IOException {
        Path baseline = Files.createDirectories(dir.resolve("baseline"));
        Files.writeString(baseline.resolve("seed_0.csv"), "acc\n0.5\n0.9\n");
        Path password = Files.writeString(dir.resolve("replayer.password"), "replay-secret");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral()
                .withAutoCreateTopics(false)
                .withScramUser("replayer", "replay-secret")
                .withScramUser("reader", "read-secret"))) {
            broker.createTopics(Map.of(Topics.EPOCH_EVENTS, 1, Topics.RUN_LIFECYCLE, 1, Topics.ACKS, 1));
            broker.createAcls(List.of(
                    allow("User:replayer", Topics.EPOCH_EVENTS, AclOperation.WRITE),
                    allow("User:replayer", Topics.RUN_LIFECYCLE, AclOperation.WRITE),
                    allow("User:reader", Topics.EPOCH_EVENTS, AclOperation.READ)));

            CliRun run = CliRun.execute("replay", "--bootstrap-servers", broker.bootstrapServers(),
                    "--kafka-security-protocol", "SASL_PLAINTEXT", "--kafka-sasl-username", "replayer",
                    "--kafka-sasl-password-file", password.toString(), "--experiment", "secured",
                    "--baseline", baseline.toString(), "--quiet");

            assertThat(run.err()).isEmpty();
            assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(run.out()).startsWith("published 4 records of 1 runs in 1 arms to " + broker.bootstrapServers());
            assertThat(readKeys(broker, Topics.EPOCH_EVENTS, 2)).containsExactly("baseline/seed_0", "baseline/seed_0");
        }
    }

    private static AclBinding allow(String principal, String topic, AclOperation operation) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    private static List<String> readKeys(EmbeddedKafkaBroker broker, String topic, int expected) {
        Map<String, Object> config = new HashMap<>(
                KafkaSecurity.scram(Mechanism.SCRAM_SHA_512, "reader", Secret.of("read-secret")).clientProperties());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (keys.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(record -> keys.add(record.key()));
            }
        }
        return keys;
    }
}
