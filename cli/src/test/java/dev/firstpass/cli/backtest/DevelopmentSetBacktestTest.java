package dev.firstpass.cli.backtest;

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

/**
 * The backtest end to end on the authors' CIFAR-100 momentum grid: the reference probe's tau* sits at
 * its validity floor (15, no arm there), and the policy must find the measured optimum below it.
 */
class DevelopmentSetBacktestTest {
    private static final String EXAMPLE = "cifar100/ResNet18Momentum";
    private static final int[] ARM_PERIODS = {4, 6, 7, 8, 10, 20, 30, 40, 50, 80};

    @Test
    void firstPassAdoptsAPeriodWithinTenPercentOfTheBestMeasuredArmAtTarget57() throws Exception {
        JsonNode target = backtest57("--seeds", "3");

        assertThat(target.get("best_tau").asInt()).isEqualTo(8);
        assertThat(target.get("measured_arms")).hasSize(ARM_PERIODS.length + 1);
        JsonNode firstPass = target.get("strategies").get(0);
        assertThat(firstPass.get("strategy").asText()).isEqualTo("FirstPass");
        assertThat(firstPass.get("adopted").size()).as("seeds with an adopted period").isPositive();
        assertThat(firstPass.get("adopted").has("0")).as("a seed ended without adopting a period").isFalse();
        assertThat(firstPass.get("regret").get("median").asDouble()).isLessThanOrEqualTo(0.10);
        // The search measured below the floor: the further probes are on the audit trail.
        assertThat(firstPass.get("notes").get(0).asText()).contains("measure 8 (tau_min ");
        // Its first group (4 runs at 8, about 16 epochs against 28 predicted at 20) settles the comparison in some
        // seed: no second group ("measure 8" again) before tau* 8.
        assertThat(firstPass.get("notes")).extracting(JsonNode::asText)
                .anyMatch(note -> note.matches(".*measure 8 \\(tau_min \\d+\\), tau\\* 8(, measure [^8].*)?"));
        // In another it leads without settling: tau* moves to 8 before the second group is measured.
        assertThat(firstPass.get("notes")).extracting(JsonNode::asText)
                .anyMatch(note -> note.matches(".*measure 8 \\(tau_min \\d+\\), tau\\* 8, measure 8"));
    }

    @Test
    void runsTrainedAtTheAdoptedPeriodAreNotCountedAsExploration() throws Exception {
        JsonNode firstPass = backtest57("--seed", "2", "--seeds", "1").get("strategies").get(0);

        assertThat(firstPass.get("notes").get(0).asText()).isEqualTo("measure 10, probe 20, exploit 20, tau* 10,"
                + " measure 8 (tau_min 20), tau* 8, measure 8");
        // Runs of 100 epochs: 4 observing the baseline, 4 in the provisional probe at 10, 8 in the reference probe
        // at 20 and 4 in the first group at 8. The second group at 8 trains at the tau* then in force, as every
        // exploiting run does.
        assertThat(firstPass.get("exploration_epochs").get("median").asDouble()).isEqualTo(2000.0);
        assertThat(firstPass.get("exploration_share_of_uniform_grid").asDouble()).isEqualTo(0.25);
    }

    /** The backtest at target 57 on the whole grid, with {@code options} added: its one target's JSON. */
    private static JsonNode backtest57(String... options) throws Exception {
        Path example = developmentSet().resolve(EXAMPLE);
        assumeTrue(Files.isDirectory(example), "development set not found at " + example.toAbsolutePath()
                + " (set -Dfirstpass.devset=DIR to point at shared/data/paper-transfer); skipping");
        List<String> args = new ArrayList<>(List.of("backtest", "--baseline",
                example.resolve("reg_training").toString(), "--metric", "test_ACC", "--target", "57", "--json",
                "--quiet"));
        args.addAll(List.of(options));
        for (int period : ARM_PERIODS) {
            args.add("--arm");
            args.add(example.resolve("testacc_list_s_and_p_reset" + period).toString());
        }

        CliRun run = CliRun.execute(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.err()).isZero();
        return new ObjectMapper().readTree(run.out()).get("targets").get(0);
    }

    private static Path developmentSet() {
        String configured = System.getProperty("firstpass.devset");
        return configured == null || configured.isBlank()
                ? Path.of("../../shared/data/paper-transfer")
                : Path.of(configured);
    }
}
