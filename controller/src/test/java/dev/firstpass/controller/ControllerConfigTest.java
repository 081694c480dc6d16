package dev.firstpass.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firstpass.controller.command.CommandMode;
import dev.firstpass.controller.policy.PolicySettings;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.settings.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControllerConfigTest {

    /** 32 bytes of 7, base64. */
    private static final String SECRET = Base64.getEncoder().encodeToString(filled(32, (byte) 7));

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }

    private static Map<String, String> required() {
        Map<String, String> values = new HashMap<>();
        values.put(ControllerConfig.BOOTSTRAP_SERVERS.key(), "kafka:9092");
        values.put(ControllerConfig.TARGET.key(), "0.8");
        return values;
    }

    @Test
    void everyOtherKeyHasAStatedDefault() {
        ControllerConfig config = new ControllerConfig(required()).validate();

        assertThat(config.policy()).isEqualTo(new PolicySettings(0.8, PerturbationKind.SHRINK_PERTURB, Map.of(),
                CommandMode.PERIODIC, 1, 8, 4, 0.5, 0, 10, 5, 0.2, 20, 3, false, 20250206L, 3, List.of(), false));
        assertThat(config.controllerId()).isEqualTo("firstpass-controller");
        assertThat(config.commandSource()).isEqualTo("/firstpass/controller/firstpass-controller");
        assertThat(config.experiments()).isEmpty();
        assertThat(config.controls("anything")).isTrue();
        assertThat(config.topics()).isEqualTo(ControllerTopics.defaults());
        assertThat(config.clientProperties()).containsExactly(Map.entry("bootstrap.servers", "kafka:9092"));
        assertThat(config.commandSigner()).isEmpty();
    }

    @Test
    void theCommandKeyIsReadFromItsTextOrFromAFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("controller.key"), "# current\nk2:" + SECRET + "\n");
        Map<String, String> inline = required();
        inline.put(ControllerConfig.COMMAND_KEY, "k1:" + SECRET);
        Map<String, String> fromFile = required();
        fromFile.put(ControllerConfig.COMMAND_KEY_FILE.key(), file.toString());

        assertThat(new ControllerConfig(inline).commandSigner()).hasValueSatisfying(
                signer -> assertThat(signer.keyId()).isEqualTo("k1"));
        assertThat(new ControllerConfig(fromFile).commandSigner()).hasValueSatisfying(
                signer -> assertThat(signer.keyId()).isEqualTo("k2"));
    }

    @Test
    void badCommandKeysAreNamedWithoutShowingTheSecret(@TempDir Path dir) throws Exception {
        String shortSecret = Base64.getEncoder().encodeToString(new byte[20]);
        Path two = Files.writeString(dir.resolve("two.keys"), "k1:" + SECRET + ",k2:" + SECRET);
        Map<String, String> tooShort = required();
        tooShort.put(ControllerConfig.COMMAND_KEY, "k1:" + shortSecret);
        Map<String, String> both = required();
        both.put(ControllerConfig.COMMAND_KEY, "k1:" + SECRET);
        both.put(ControllerConfig.COMMAND_KEY_FILE.key(), two.toString());
        Map<String, String> twoKeys = required();
        twoKeys.put(ControllerConfig.COMMAND_KEY_FILE.key(), two.toString());

        assertThat(new ControllerConfig(tooShort).problems()).extracting(Problem::message).containsExactly(
                "command.key: command key 'k1' must have a secret of at least 32 bytes: 20");
        assertThat(new ControllerConfig(both).problems()).extracting(Problem::message).containsExactly(
                "give command.key or command.key.file, not both");
        assertThat(new ControllerConfig(twoKeys).problems()).extracting(Problem::message).containsExactly(
                "command.key.file: command key file "
                + two + " must hold exactly one key, the one commands are signed with, but holds 2: k1, k2");
        assertThat(new ControllerConfig(tooShort).problems().toString()).doesNotContain(shortSecret);
    }

    @Test
    void valuesAreReadFromTheirKeys() {
        Map<String, String> values = required();
        values.putAll(Map.of(ControllerConfig.PERTURBATION.key(), "partial_reset", ControllerConfig.PERTURBATION_PARAMS.key(),
                "fraction=0.3", ControllerConfig.COMMAND_MODE.key(), "one-shot", ControllerConfig.PROBE_PERIOD.key(), "20",
                ControllerConfig.EXPERIMENTS.key(), "a, b", ControllerConfig.DRY_RUN.key(), "true", "kafka.security.protocol",
                "SSL"));

        ControllerConfig config = new ControllerConfig(values).validate();

        assertThat(config.policy().kind()).isEqualTo(PerturbationKind.PARTIAL_RESET);
        assertThat(config.policy().params()).containsExactly(Map.entry("fraction", 0.3));
        assertThat(config.policy().mode()).isEqualTo(CommandMode.ONE_SHOT);
        assertThat(config.policy().probePeriod()).isEqualTo(20);
        assertThat(config.policy().dryRun()).isTrue();
        assertThat(config.experiments()).containsExactlyInAnyOrder("a", "b");
        assertThat(config.controls("c")).isFalse();
        assertThat(config.clientProperties()).containsEntry("security.protocol", "SSL");
    }

    @Test
    void validateNamesEveryBadValueAtOnce() {
        Map<String, String> values = new HashMap<>(Map.of(ControllerConfig.TARGET.key(), "high",
                ControllerConfig.PERTURBATION_PARAMS.key(), "shrink=2", ControllerConfig.COMMAND_MODE.key(), "often",
                ControllerConfig.PROBE_SHARE.key(), "1.5", ControllerConfig.PROBE_PERIOD.key(), "0",
                ControllerConfig.HOLDOUT_SHARE.key(), "-0.1", ControllerConfig.MAX_KICKS_PER_RUN.key(), "0",
                ControllerConfig.HYSTERESIS_UPDATES.key(), "x", ControllerConfig.DRY_RUN.key(), "yes", "probe.shares", "0.3"));

        assertThatThrownBy(() -> new ControllerConfig(values).validate())
                .isInstanceOfSatisfying(ControllerConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "unknown configuration key 'probe.shares' (known: baseline.runs, bootstrap.servers,"
                                + " command.key, command.key.file, command.lead.epochs, command.mode, controller.id,"
                                + " dry.run, experiment.retention, experiments, holdout.share, hysteresis.updates,"
                                + " max.kicks.per.run, min.runs, perturbation, perturbation.params, probe.min.period,"
                                + " probe.period, probe.period.step, probe.share, refine.probes, sasl.mechanism,"
                                + " sasl.password, sasl.password.file, sasl.username, security.protocol, seed,"
                                + " ssl.key.password,"
                                + " ssl.keystore.location, ssl.keystore.password, ssl.keystore.type,"
                                + " ssl.truststore.location, ssl.truststore.password, ssl.truststore.type, target,"
                                + " topic.acks,"
                                + " topic.commands, topic.decisions, topic.epochs, topic.fpt-stats, topic.lifecycle,"
                                + " and kafka.<name> for the Kafka clients)",
                        "target must be a number: 'high'",
                        "perturbation.params: shrink_perturb parameter 'shrink' must be in (0, 1]: 2.0",
                        "command.mode must be periodic or one-shot: 'often'",
                        "probe.share must be strictly between 0 and 1: '1.5'",
                        "probe.period must be auto or a whole number of epochs, at least 1: '0'",
                        "holdout.share must be at least 0 and less than 1: '-0.1'",
                        "max.kicks.per.run must be at least 1: '0'",
                        "hysteresis.updates must be a whole number: 'x'",
                        "dry.run must be true or false: 'yes'"));
    }

    @Test
    void securitySettingsComeAfterTheServersAndBeforeTheKafkaOverrides() {
        Map<String, String> values = required();
        values.put("security.protocol", "SASL_PLAINTEXT");
        values.put("sasl.username", "controller");
        values.put("sasl.password", "c-pw");
        values.put("kafka.client.id", "ctl-1");

        ControllerConfig config = new ControllerConfig(values).validate();

        assertThat(config.clientProperties()).containsOnly(
                Map.entry("bootstrap.servers", "kafka:9092"),
                Map.entry("security.protocol", "SASL_PLAINTEXT"),
                Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
                Map.entry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"controller\" password=\"c-pw\";"),
                Map.entry("client.id", "ctl-1"));
        assertThat(config.security().toString()).doesNotContain("c-pw");
    }
}
