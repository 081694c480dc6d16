package dev.firstpass.cli.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.cli.CliRun;
import dev.firstpass.cli.SyntheticExperiment;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeTableTest {

    @TempDir
    static Path dir;

    private static Path baseline;
    private static Path probe;
    private static Path kick30;

    @BeforeAll
    static void writeExperiment() {
        SyntheticExperiment experiment = new SyntheticExperiment(5L);
        baseline = experiment.writeBaseline(dir.resolve("baseline"));
        probe = experiment.writeKickedArm(dir.resolve("kick20"), 20);
        kick30 = experiment.writeKickedArm(dir.resolve("kick30"), 30);
    }

    @Test
    void tableGoesToStdoutAndProgressToStderrEveryQuarter() {
        CliRun run = CliRun.execute("analyze", "--baseline", baseline.toString(), "--probe", probe.toString(),
                "--arm", kick30.toString(), "--metric", "acc", "--target", "55", "--bootstrap-resamples", "200");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEqualTo("""
                firstpass: bootstrap >= 55.0 (1/1): 50% (100/200)
                firstpass: bootstrap >= 55.0 (1/1): 100% (200/200)
                """);
        assertThat(run.out()).startsWith("""
                FirstPass analysis of acc (max), shrink_perturb perturbations
                =============================================================

                Experiment
                ----------
                  baseline       %s (40 runs)
                  probe          %s, kicked every 20 epochs (40 runs)
                  measured arms  1 more, at tau = 30
                """.formatted(baseline, probe))
                .contains("\nTarget acc >= 55\n----------------\n  Baseline\n    runs  ")
                .contains("\n  Measured arms\n    arm     tau  runs  censored  observed MFPT  predicted MFPT  ")
                .contains("\n    kick20   20    40         0  ")
                .contains("\n    kick30   30    40         0  ")
                .contains("\n  Decision\n    tau*             ")
                .contains("\nPrediction error on the measured arms\n");
    }

    @Test
    void fullResetsArePredictedFromTheBaselineAlone() {
        CliRun run = CliRun.execute("analyze", "--baseline", baseline.toString(), "--kind", "full_reset",
                "--metric", "acc", "--target", "55", "--bootstrap-resamples", "20", "--quiet");

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("  probe     none: full resets are predicted from the baseline alone\n")
                .contains("  tau_min   1 epoch: a full reset renews the run, so predictions hold at every period\n")
                .doesNotContain("Probe response");
    }
}
