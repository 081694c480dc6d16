package dev.firstpass.cli.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firstpass.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CIFAR-100 momentum example of the authors' published trajectories, end to end through the command line. */
class DevelopmentSetTest {
    private static final String EXAMPLE = "cifar100/ResNet18Momentum";
    private static final int[] ARM_PERIODS = {4, 6, 7, 8, 10, 30, 40, 50, 80};

    @Test
    void cifar100MomentumPredictionsHoldOnlyFromTauMinOn() throws Exception {
        Path example = developmentSet().resolve(EXAMPLE);
        assumeTrue(Files.isDirectory(example), "development set not found at " + example.toAbsolutePath()
                + " (set -Dfirstpass.devset=DIR to point at shared/data/paper-transfer); skipping");
        List<String> args = new ArrayList<>(List.of("analyze",
                "--baseline", example.resolve("reg_training").toString(),
                "--probe", example.resolve("testacc_list_s_and_p_reset20").toString(),
                "--kind", "shrink_perturb", "--metric", "test_ACC", "--target", "55,56,57",
                "--bootstrap-resamples", "200", "--json", "--quiet"));
        for (int period : ARM_PERIODS) {
            args.add("--arm");
            args.add(example.resolve("testacc_list_s_and_p_reset" + period).toString());
        }

        CliRun run = CliRun.execute(args.toArray(String[]::new));

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("t_qss").isInt()).as("t_qss is detected").isTrue();
        int tauMin = json.get("tau_min").asInt();
        assertThat(tauMin).isGreaterThanOrEqualTo(json.get("t_qss").asInt());
        assertThat(json.get("targets")).hasSize(3);
        for (JsonNode target : json.get("targets")) {
            for (JsonNode prediction : target.get("predictions")) {
                if (prediction.get("tau").asInt() < tauMin) {
                    assertThat(prediction.get("valid").asBoolean()).as("valid below tau_min at %s", prediction).isFalse();
                }
            }
            assertThat(target.get("arms")).hasSize(ARM_PERIODS.length + 1);
            // The theory's claim on real data: valid predictions land within a few percent of the measured arms.
            assertThat(target.get("accuracy").get("mean_absolute_relative_error").asDouble()).isLessThan(0.05);
        }
    }

    private static Path developmentSet() {
        String configured = System.getProperty("firstpass.devset");
        return configured == null || configured.isBlank()
                ? Path.of("../../shared/data/paper-transfer")
                : Path.of(configured);
    }
}
