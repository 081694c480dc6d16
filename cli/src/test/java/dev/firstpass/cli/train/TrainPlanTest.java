package dev.firstpass.cli.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firstpass.cli.options.KafkaSecurityOptions;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.settings.SettingsReader;
import dev.firstpass.trainer.model.ModelSpec;
import dev.firstpass.trainer.optimize.LearningRateSearch;
import dev.firstpass.trainer.optimize.OptimizerSpec;
import dev.firstpass.trainer.perturb.LocalSchedule;
import dev.firstpass.trainer.perturb.Perturbations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The train command's settings read into a plan: where a trainer's command keys come from (--command-keys,
 * else FIRSTPASS_COMMAND_KEYS, else none), and the rules of single settings and between them.
 */
class TrainPlanTest {

    private static final String SECRET_A = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String SECRET_B = Base64.getEncoder()
            .encodeToString("b".repeat(32).getBytes(StandardCharsets.US_ASCII));

    @TempDir
    Path dir;

    /** The plan of {@code settings} (key, value, key, value...), with the keys variable as given. */
    private static TrainPlan plan(String keysVariable, String... settings) {
        SettingsReader in = in(settings);
        TrainPlan plan = TrainPlan.read(in, keysVariable, KafkaSecurityOptions.fromEnvironment(Map.of()));
        if (plan == null) {
            throw new IllegalArgumentException(String.join("\n", in.messages()));
        }
        return plan;
    }

    private static List<String> problems(String... settings) {
        SettingsReader in = in(settings);
        assertThat(TrainPlan.read(in, null, KafkaSecurityOptions.fromEnvironment(Map.of()))).isNull();
        return in.messages();
    }

    private static SettingsReader in(String... settings) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        return SettingsReader.of(values);
    }

    @Test
    void keysComeFromTheEnvironmentVariableWhenNoFileIsGiven() {
        TrainPlan plan = plan("old:" + SECRET_A + ",new:" + SECRET_B,
                "controllable", "true", "bootstrap.servers", "kafka:9092", "command.window", "120s");

        assertThat(plan.commandKeys().ids()).containsExactly("old", "new");
        assertThat(plan.commandWindow()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void theFileTakesPrecedenceOverTheEnvironmentVariable() throws Exception {
        Path file = Files.writeString(dir.resolve("keys"), "file-key:" + SECRET_A + "\n");

        TrainPlan plan = plan("env-key:" + SECRET_B, "controllable", "true", "bootstrap.servers", "kafka:9092",
                "command.keys.file", file.toString());

        assertThat(plan.commandKeys().ids()).containsExactly("file-key");
    }

    @Test
    void withoutKeysOrControlCommandsAreNotAuthenticated() {
        TrainPlan unkeyed = plan(null, "controllable", "true", "bootstrap.servers", "kafka:9092");
        TrainPlan uncontrolled = plan("k:" + SECRET_A);

        assertThat(unkeyed.commandKeys()).isNull();
        assertThat(unkeyed.commandWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(uncontrolled.commandKeys()).isNull();
    }

    @Test
    void aBadEnvironmentVariableIsNamedButItsSecretIsNot() {
        assertThatThrownBy(() -> plan(SECRET_A, "controllable", "true", "bootstrap.servers", "kafka:9092"))
                .hasMessageContaining("FIRSTPASS_COMMAND_KEYS: entry 1 must be id:base64secret, but has no ':'")
                .message().doesNotContain(SECRET_A);
    }

    @Test
    void aLearningRateSearchIsTwoRatesLowToHigh() {
        assertThat(plan(null, "lr.search", "0.03:3").search()).isEqualTo(LearningRateSearch.logUniform(0.03, 3));
        assertThat(plan(null).search()).isNull();
        for (String bad : new String[] {"3:0.03", "0.03", "a:b", "0:1", "0.1:0.2:0.3"}) {
            assertThat(problems("lr.search", bad)).containsExactly("lr.search must be LOW:HIGH, two learning rates"
                    + " with 0 < LOW < HIGH, e.g. 0.03:3: '" + bad + "'");
        }
    }

    @Test
    void defaultsDescribeOneOfflineMlpRunOfTwentyEpochs() {
        TrainPlan plan = plan(null);

        assertThat(plan.experiment()).isEqualTo("train");
        assertThat(plan.seeds()).containsExactly(0L);
        assertThat(plan.runIdOf(0)).isEqualTo("train-s0");
        assertThat(plan.model()).isEqualTo(ModelSpec.mlp(256, 128));
        assertThat(plan.optimizer()).isEqualTo(OptimizerSpec.sgd(0.05));
        assertThat(plan.epochs()).isEqualTo(20);
        assertThat(plan.batchSize()).isEqualTo(128);
        assertThat(plan.kafka()).isNull();
        assertThat(plan.localSchedule()).isNull();
        assertThat(plan.checkpoints()).isNull();
        assertThat(plan.commandWindow()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aLocalScheduleTakesItsKindPeriodAndParameters() {
        TrainPlan plan = plan(null, "kick", "partial_reset", "every", "4", "kick.param", "fraction=0.3");

        assertThat(plan.localSchedule().describe()).isEqualTo(LocalSchedule.every(4,
                Perturbations.of(PerturbationKind.PARTIAL_RESET, Map.of("fraction", 0.3))).describe());
        assertThat(problems("kick.param", "fraction=0.3")).containsExactly("--kick-param needs --kick");
        assertThat(problems("kick", "partial_reset", "every", "4", "kick.param", "sigma=1"))
                .containsExactly("kick.param: partial_reset does not take parameter 'sigma' (takes fraction);"
                        + " partial_reset needs parameter 'fraction'");
        assertThat(problems("kick", "shrink")).containsExactly(
                "kick must be one of " + PerturbationKind.names() + ": 'shrink'", "--kick needs --every TAU");
    }

    @Test
    void rulesBetweenSettingsAreToldAfterEachSettingsOwn() {
        assertThat(problems("seeds", "0-3", "run.id", "one", "dataset", "cifar10", "optimizer", "adam",
                "momentum", "0.9", "epochs", "0"))
                .containsExactly("--run-id names a single run, but --seeds gives 4",
                        "--dataset cifar10 needs --data-dir, the folder of its binary batch files",
                        "--momentum applies to sgd only, not adam",
                        "epochs must be at least 1: '0'");
    }
}
