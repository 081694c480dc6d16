package dev.firstpass.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.cli.CliRun;
import dev.firstpass.core.fpt.trajectory.Trajectory;
import dev.firstpass.core.recording.RecordingFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

    @TempDir
    Path dir;

    private static CliRun train(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "train";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.execute(all);
    }

    @Test
    void fleetOfSeedsRecordsOneCsvPerRunThatTheAnalysisReads() {
        Path arm = dir.resolve("baseline");

        CliRun run = train("--dataset", "generated", "--train-subset", "300", "--test-subset", "100",
                "--hidden", "8", "--epochs", "2", "--batch-size", "50", "--seeds", "0-1", "--parallel", "2",
                "--threads", "1", "--experiment", "t", "--bootstrap-servers", "none", "--record", arm.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<Trajectory> runs = RecordingFiles.readArm(arm, "test_accuracy");
        assertThat(runs).extracting(Trajectory::runId).containsExactly("t-s0", "t-s1");
        assertThat(runs).allSatisfy(trajectory -> assertThat(trajectory.epochs()).isEqualTo(2));
        assertThat(run.err()).contains("t-s0  epoch 2/2  test_accuracy ").contains("t-s1  epoch 2/2  test_accuracy ");
        assertThat(run.out().lines().toList()).hasSize(3).first().asString()
                .isEqualTo("run   reason     segment   epochs  test_accuracy  kicks");
    }

    @Test
    void localKickScheduleShowsKicksInProgressAndSummary() {
        CliRun run = train("--dataset", "generated", "--train-subset", "200", "--test-subset", "50", "--hidden", "8",
                "--epochs", "3", "--batch-size", "50", "--kick", "partial_reset", "--kick-param", "fraction=0.3",
                "--every", "1", "--experiment", "k", "--threads", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("k-s0  epoch 3/3  test_accuracy ").contains("kicks 2  completed");
        assertThat(run.out()).containsPattern("k-s0  completed        0        3         0\\.\\d{4}      2");
    }

    @Test
    void reportsEveryBadOptionOnItsOwnLine() {
        CliRun run = train("--seeds", "3-1", "--parallel", "0", "--dataset", "mnist", "--kick", "shrink_perturb",
                "--lr", "-1", "--controllable", "--bootstrap-servers", "none");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(String.join("\n",
                "firstpass train: --seeds must be seeds and ascending ranges such as 0-15 or 0-3,8: '3-1'",
                "firstpass train: --parallel must be at least 1: '0'",
                "firstpass train: --dataset must be fashion-mnist, cifar10 or generated: 'mnist'",
                "firstpass train: --lr must be greater than 0: '-1'",
                "firstpass train: --controllable needs --bootstrap-servers (or FIRSTPASS_BOOTSTRAP_SERVERS)",
                "firstpass train: --kick needs --every TAU", ""));
    }

    @Test
    void commandKeysAreCheckedWithTheOtherOptionsWithoutShowingTheSecret() throws Exception {
        String shortSecret = Base64.getEncoder().encodeToString(new byte[16]);
        Path keys = Files.writeString(dir.resolve("trainer.keys"), "k1:" + shortSecret + "\n");

        CliRun uncontrolled = train("--command-keys", keys.toString(), "--threads", "1");
        CliRun badKey = train("--controllable", "--bootstrap-servers", "127.0.0.1:1", "--command-keys", keys.toString(),
                "--command-window", "0", "--threads", "1");

        assertThat(uncontrolled.exitCode()).isEqualTo(2);
        assertThat(uncontrolled.err())
                .isEqualTo("firstpass train: --command-keys authenticates commands, so it needs --controllable\n");
        assertThat(badKey.exitCode()).isEqualTo(2);
        assertThat(badKey.err()).isEqualTo(String.join("\n",
                "firstpass train: --command-keys: command key file " + keys + ": command key 'k1' must have a secret"
                        + " of at least 32 bytes: 16",
                "firstpass train: --command-window must be a whole number with a unit ms, s, m or h, e.g. 30s or 10m:"
                        + " '0'", ""));
        assertThat(badKey.err()).doesNotContain(shortSecret);
    }

    @Test
    void namesTheMissingFashionMnistFolder() {
        Path missing = dir.resolve("nowhere");

        CliRun run = train("--dataset", "fashion-mnist", "--data-dir", missing.toString(), "--threads", "1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("firstpass train: Fashion-MNIST not found at " + missing + ": install the"
                + " Debian package dataset-fashion-mnist or pass --data-dir (missing train-images-idx3-ubyte.gz)\n");
    }

    @Test
    void helpListsTheOptionsWithTheirEnvironmentVariables() {
        CliRun run = train("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: firstpass train ")
                .contains("--bootstrap-servers=HOSTS", "FIRSTPASS_BOOTSTRAP_SERVERS", "--seeds=LIST",
                        "--kick=KIND", "--every=TAU", "--record=DIR", "--checkpoint-dir=DIR", "--threads=N",
                        "--command-keys=FILE", "FIRSTPASS_COMMAND_KEYS", "--command-window=DURATION",
                        "FIRSTPASS_COMMAND_WINDOW");
    }
}
