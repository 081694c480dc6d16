package dev.firstpass.cli.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.cli.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestCommandTest {

    @TempDir
    Path dir;

    @Test
    void everyBadOptionIsNamedAtOnceWithExitTwo() {
        CliRun run = CliRun.execute("backtest", "--baseline", dir.resolve("missing").toString(), "--arm",
                dir.toString() + ":0", "--metric", "acc", "--target", "55,high", "--seeds", "0", "--kind", "shrink",
                "--holdout-share", "1.5");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--seeds must be at least 1: 0")
                .contains("--target: For input string: \"high\"")
                .contains("--kind: perturbation must be one of shrink_perturb, partial_reset, full_reset,"
                        + " warm_restart, weight_noise: 'shrink'")
                .contains("--holdout-share: must be a share in [0, 1): 1.5")
                .contains("period of arm folder " + dir + " must be at least 1 epoch: 0")
                .contains("--baseline folder does not exist or is not a folder: " + dir.resolve("missing"));
    }
}
