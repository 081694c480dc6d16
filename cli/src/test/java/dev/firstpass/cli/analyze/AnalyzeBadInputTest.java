package dev.firstpass.cli.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.cli.CliRun;
import dev.firstpass.cli.ExitCodes;
import dev.firstpass.cli.RecordingFolders;
import dev.firstpass.cli.SyntheticExperiment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeBadInputTest {

    @TempDir
    Path dir;

    @Test
    void everyBadOptionIsReportedAtOnceNamingTheValueAndTheRule() {
        Path baseline = plateauArm(dir.resolve("baseline"), 10);
        Path unnamed = plateauArm(dir.resolve("shrunk_arm"), 10);

        CliRun run = CliRun.execute("analyze", "--baseline", baseline.toString(), "--probe", unnamed.toString(),
                "--metric", "acc", "--target", "55,abc", "--bootstrap-resamples", "-3",
                "--confidence", "1.5", "--qss-alpha", "0", "--qss-window", "zero", "--qss-min-runs", "2", "--tau-max",
                "-1", "--direction", "up");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).containsExactly(
                "firstpass analyze: cannot tell the period of probe folder " + unnamed + " from its name; give it as "
                        + unnamed + ":TAU, e.g. " + unnamed + ":30",
                "firstpass analyze: --direction: direction must be 'max' (higher is better) or 'min' (lower is better):"
                        + " 'up'",
                "firstpass analyze: --target must be a number: 'abc'",
                "firstpass analyze: --bootstrap-resamples must be at least 0: '-3'",
                "firstpass analyze: --confidence must be strictly between 0 and 1: '1.5'",
                "firstpass analyze: --qss-alpha must be strictly between 0 and 1: '0'",
                "firstpass analyze: --qss-window must be a whole number: 'zero'",
                "firstpass analyze: --qss-min-runs must be at least 3: '2'",
                "firstpass analyze: --tau-max must be at least 0: '-1'");
    }

    @Test
    void armWithoutPeriodInItsNameMustBeGivenOne() {
        Path baseline = plateauArm(dir.resolve("baseline"), 10);
        Path probe = plateauArm(dir.resolve("kick20"), 10);
        Path arm = plateauArm(dir.resolve("other_arm"), 10);

        CliRun run = analyze(baseline, "--probe", probe.toString(), "--arm", arm.toString(), "--arm", arm + ":x");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err().lines().toList()).containsExactly(
                "firstpass analyze: cannot tell the period of arm folder " + arm + " from its name; give it as "
                        + arm + ":TAU, e.g. " + arm + ":30",
                "firstpass analyze: --arm period after ':' must be a whole number of epochs: 'x' in " + arm + ":x");
    }

    @Test
    void missingFoldersAndOptionsAreNamed() {
        Path missing = dir.resolve("nowhere");

        CliRun run = CliRun.execute("analyze", "--baseline", missing.toString(), "--probe", missing + ":20");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err().lines().toList()).containsExactly(
                "firstpass analyze: --baseline folder does not exist or is not a folder: " + missing,
                "firstpass analyze: --probe folder does not exist or is not a folder: " + missing,
                "firstpass analyze: --metric is required: the column to analyse, e.g. --metric test_ACC",
                "firstpass analyze: --target is required: at least one threshold of the metric, e.g. --target 55,56,57");
    }

    @Test
    void probeIsRequiredUnlessFullResetsArePredicted() {
        Path baseline = plateauArm(dir.resolve("baseline"), 10);

        CliRun run = analyze(baseline, "--kind", "partial_reset");
        CliRun unknownKind = CliRun.execute("analyze", "--baseline", baseline.toString(), "--metric", "acc",
                "--target", "55", "--kind", "reboot");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).isEqualTo("firstpass analyze: --probe is required for --kind partial_reset: its response"
                + " is what the predictions transfer (only full_reset predicts from the baseline alone)\n");
        assertThat(unknownKind.err()).isEqualTo("firstpass analyze: --kind: perturbation must be one of shrink_perturb,"
                + " partial_reset, full_reset, warm_restart, weight_noise: 'reboot'\n");
    }

    @Test
    void raggedRowNamesFileLineAndFieldCounts() {
        Path baseline = plateauArm(dir.resolve("baseline"), 10);
        Path probe = RecordingFolders.writeArm(dir.resolve("kick20"), "loss,acc",
                List.of(List.of("0.9,40", "0.8,50,1", "0.7,51")));

        CliRun run = analyze(baseline, "--probe", probe.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).isEqualTo("firstpass analyze: " + probe.resolve("seed_0.csv")
                + " line 3: expected 2 fields as in the header, found 3\n");
    }

    @Test
    void unknownColumnListsTheColumnsThereAre() {
        Path baseline = plateauArm(dir.resolve("baseline"), 10);
        Path probe = plateauArm(dir.resolve("kick20"), 10);

        CliRun run = CliRun.execute("analyze", "--baseline", baseline.toString(), "--probe", probe.toString(),
                "--metric", "test_ACC", "--target", "55", "--quiet");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).isEqualTo("firstpass analyze: " + baseline.resolve("seed_0.csv")
                + ": run seed_0 has no metric 'test_ACC' at epoch 1 (metrics: loss, acc)\n");
    }

    @Test
    void threeBaselineRunsAreTooFewForTheSteadyStateTest() {
        Path baseline = plateauArm(dir.resolve("baseline"), 3);
        Path probe = plateauArm(dir.resolve("kick20"), 10);

        CliRun run = analyze(baseline, "--probe", probe.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).isEqualTo(
                "firstpass analyze: too few baseline runs for a QSS test: 3 (at least 4 are needed)\n");
    }

    @Test
    void targetThatNoRunReachesIsRejected() {
        Path baseline = plateauArm(dir.resolve("baseline"), 10);
        Path probe = plateauArm(dir.resolve("kick5"), 10);

        CliRun run = CliRun.execute("analyze", "--baseline", baseline.toString(), "--probe", probe.toString(),
                "--metric", "acc", "--target", "99", "--quiet", "--bootstrap-resamples", "10");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).isEqualTo(
                "firstpass analyze: target >= 99.0 on acc is never reached by any run in any arm: nothing to analyse\n");
    }

    @Test
    void reportFolderThatCannotBeCreatedIsNamed() throws Exception {
        Path baseline = plateauArm(dir.resolve("baseline"), 10);
        Path probe = plateauArm(dir.resolve("kick5"), 10);
        Path file = Files.writeString(dir.resolve("notes.txt"), "not a folder");

        CliRun run = analyze(baseline, "--probe", probe.toString(), "--report", file.resolve("report").toString());
        CliRun onFile = analyze(baseline, "--probe", probe.toString(), "--report", file.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        // The reason in parentheses is the file system's, and differs between systems.
        assertThat(run.err()).startsWith("firstpass analyze: --report folder cannot be written: "
                + file.resolve("report") + " (").endsWith(")\n").hasLineCount(1);
        assertThat(onFile.err()).isEqualTo("firstpass analyze: --report must name a folder, not a file: " + file + "\n");
    }

    @Test
    void optionPicocliCannotParseIsOneLineAndExitTwo() {
        CliRun run = CliRun.execute("analyze", "--bogus");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).isEqualTo("firstpass analyze: Unknown option: '--bogus' (see firstpass analyze --help)\n");
    }

    private static CliRun analyze(Path baseline, String... more) {
        String[] common = {"analyze", "--baseline", baseline.toString(), "--metric", "acc", "--target", "55",
            "--quiet", "--bootstrap-resamples", "10"};
        String[] args = new String[common.length + more.length];
        System.arraycopy(common, 0, args, 0, common.length);
        System.arraycopy(more, 0, args, common.length, more.length);
        return CliRun.execute(args);
    }

    /** Runs of 30 epochs that sit at 50 and reach 56 once, at an epoch that differs from run to run. */
    private static Path plateauArm(Path folder, int runs) {
        double[][] values = IntStream.range(0, runs)
                .mapToObj(run -> IntStream.rangeClosed(1, 30)
                        .mapToDouble(epoch -> epoch == 5 + run ? 56.0 : SyntheticExperiment.PLATEAU + 0.01 * run)
                        .toArray())
                .toArray(double[][]::new);
        return RecordingFolders.writeSingleMetricArm(folder, values);
    }
}
