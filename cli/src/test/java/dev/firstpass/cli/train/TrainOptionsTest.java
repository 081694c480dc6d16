package dev.firstpass.cli.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firstpass.cli.BadInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Where a trainer's command keys come from: --command-keys, else FIRSTPASS_COMMAND_KEYS, else none. */
class TrainOptionsTest {

    private static final String SECRET_A = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String SECRET_B = Base64.getEncoder()
            .encodeToString("b".repeat(32).getBytes(StandardCharsets.US_ASCII));

    @TempDir
    Path dir;

    private static TrainOptions options(Map<String, String> environment, String... args) {
        TrainOptions options = CommandLine.populateCommand(new TrainOptions(), args);
        options.environment = environment::get;
        return options;
    }

    @Test
    void keysComeFromTheEnvironmentVariableWhenNoFileIsGiven() {
        TrainPlan plan = options(Map.of("FIRSTPASS_COMMAND_KEYS", "old:" + SECRET_A + ",new:" + SECRET_B),
                "--controllable", "--bootstrap-servers", "kafka:9092", "--command-window", "120").plan();

        assertThat(plan.commandKeys().ids()).containsExactly("old", "new");
        assertThat(plan.commandWindow()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void theFileTakesPrecedenceOverTheEnvironmentVariable() throws Exception {
        Path file = Files.writeString(dir.resolve("keys"), "file-key:" + SECRET_A + "\n");

        TrainPlan plan = options(Map.of("FIRSTPASS_COMMAND_KEYS", "env-key:" + SECRET_B), "--controllable",
                "--bootstrap-servers", "kafka:9092", "--command-keys", file.toString()).plan();

        assertThat(plan.commandKeys().ids()).containsExactly("file-key");
    }

    @Test
    void withoutKeysOrControlCommandsAreNotAuthenticated() {
        TrainPlan unkeyed = options(Map.of(), "--controllable", "--bootstrap-servers", "kafka:9092").plan();
        TrainPlan uncontrolled = options(Map.of("FIRSTPASS_COMMAND_KEYS", "k:" + SECRET_A)).plan();

        assertThat(unkeyed.commandKeys()).isNull();
        assertThat(unkeyed.commandWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(uncontrolled.commandKeys()).isNull();
    }

    @Test
    void aBadEnvironmentVariableIsNamedButItsSecretIsNot() {
        TrainOptions options = options(Map.of("FIRSTPASS_COMMAND_KEYS", SECRET_A), "--controllable",
                "--bootstrap-servers", "kafka:9092");

        assertThatThrownBy(options::plan).isInstanceOf(BadInputException.class)
                .hasMessageContaining("FIRSTPASS_COMMAND_KEYS: entry 1 must be id:base64secret, but has no ':'")
                .message().doesNotContain(SECRET_A);
    }

    @Test
    void aLearningRateSearchIsTwoRatesLowToHigh() {
        assertThat(options(Map.of(), "--lr-search", "0.03:3").plan().search())
                .isEqualTo(dev.firstpass.trainer.optimize.LearningRateSearch.logUniform(0.03, 3));
        assertThat(options(Map.of()).plan().search()).isNull();
        for (String bad : new String[] {"3:0.03", "0.03", "a:b", "0:1", "0.1:0.2:0.3"}) {
            assertThatThrownBy(() -> options(Map.of(), "--lr-search", bad).plan())
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("--lr-search must be LOW:HIGH, two learning rates with 0 < LOW < HIGH, e.g."
                            + " 0.003:1: " + bad);
        }
    }
}
