package dev.firstpass.core.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.firstpass.core.fpt.trajectory.Trajectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingFilesTest {
    @TempDir
    Path folder;

    @Test
    void csvRunsAreReadByColumnNameInNaturalRunOrder() throws IOException {
        write("seed_10.csv", "loss,acc\n1.0,10\n0.5,20\n");
        write("seed_2.csv", "loss,acc\n1.1,11\n0.6,nan\n");
        List<Trajectory> runs = RecordingFiles.readArm(folder, "acc");
        assertThat(runs).extracting(Trajectory::runId).containsExactly("seed_2", "seed_10");
        assertThat(runs.get(0).values()).containsExactly(11.0, Double.NaN);
        assertThat(runs.get(1).values()).containsExactly(10.0, 20.0);
    }

    @Test
    void aRaggedRowIsRejectedWithItsLine() throws IOException {
        Path file = write("run.csv", "loss,acc\n1.0,10\n0.5\n");
        assertThatThrownBy(() -> RecordingFiles.readArm(folder, "acc"))
                .isInstanceOf(RecordingException.class)
                .hasMessage(file + " line 3: expected 2 fields as in the header, found 1");
    }

    @Test
    void anUnknownColumnIsRejectedListingTheColumns() throws IOException {
        Path file = write("run.csv", "loss,acc\n1.0,10\n");
        assertThatThrownBy(() -> RecordingFiles.readArm(folder, "test_acc"))
                .hasMessage(file + ": run run has no metric 'test_acc' at epoch 1 (metrics: loss, acc)");
    }

    @Test
    void aNonNumericValueIsRejectedWithItsLineAndValue() throws IOException {
        Path file = write("run.csv", "acc\n10\nten\n");
        assertThatThrownBy(() -> RecordingFiles.readArm(folder, "acc"))
                .hasMessage(file + " line 3: acc must be a number: 'ten'");
    }

    @Test
    void aMissingFolderAndAnEmptyFolderAreNamed() {
        Path missing = folder.resolve("nope");
        assertThatThrownBy(() -> RecordingFiles.readArm(missing, "acc"))
                .hasMessage("arm folder does not exist or is not a folder: " + missing);
        assertThatThrownBy(() -> RecordingFiles.readArm(folder, "acc"))
                .hasMessage("arm folder " + folder + " holds no .csv or .jsonl runs");
    }

    @Test
    void epochEventsAreGroupedByRunAndALaterSegmentReplacesRepeatedEpochs() throws IOException {
        write("events.jsonl", String.join("\n",
                event("a", 1, 0, "0.1"), event("b", 1, 0, "0.3"), event("a", 2, 0, "0.2"),
                event("a", 2, 1, "0.25"), event("a", 3, 1, "\"NaN\""), event("b", 2, 0, "0.4")) + "\n");
        List<Trajectory> runs = RecordingFiles.readArm(folder, "acc");
        assertThat(runs).extracting(Trajectory::runId).containsExactly("a", "b");
        assertThat(runs.get(0).values()).containsExactly(0.1, 0.25, Double.NaN);
        assertThat(runs.get(1).values()).containsExactly(0.3, 0.4);
    }

    @Test
    void aGapInEpochEventsIsRejected() throws IOException {
        Path file = write("events.jsonl", event("a", 1, 0, "0.1") + "\n" + event("a", 3, 0, "0.2") + "\n");
        assertThatThrownBy(() -> RecordingFiles.readArm(folder, "acc"))
                .hasMessage(file + ": run a must report every epoch from 1 to 3; epoch 2 is missing");
    }

    @Test
    void aMalformedEpochEventIsRejectedWithItsLineAndReason() throws IOException {
        Path file = write("events.jsonl", event("a", 1, 0, "0.1") + "\n" + event("a", 0, 0, "0.2") + "\n");
        assertThatThrownBy(() -> RecordingFiles.readArm(folder, "acc"))
                .hasMessage(file + " line 2: epoch must be at least 1: 0");
    }

    @Test
    void everyMetricOfARunIsKeptForReplay() throws IOException {
        write("run.csv", "loss,acc\n1.0,10\n0.5,inf\n");
        RecordedRun run = RecordingFiles.readRuns(folder).get(0);
        assertThat(run.epochCount()).isEqualTo(2);
        assertThat(run.metricsAt(2)).containsExactly(entry("loss", 0.5), entry("acc", Double.POSITIVE_INFINITY));
    }

    @Test
    void periodsComeFromTheTrailingNumberOfAnArmFolder() {
        assertThat(RecordingFiles.periodFromName(Path.of("x/s_and_p_reset20"))).hasValue(20);
        assertThat(RecordingFiles.periodFromName(Path.of("x/reg_training"))).isEmpty();
    }

    @Test
    void aFolderNameEndingInANumberTooLargeForAPeriodHasNoPeriod() {
        // Integer.parseInt used to throw for it, so analyze ended in a stack trace instead of asking for DIR:TAU.
        assertThat(RecordingFiles.periodFromName(Path.of("x/run_20240501123000"))).isEmpty();
        assertThat(RecordingFiles.periodFromName(Path.of("x/reset999999999"))).hasValue(999_999_999);
        assertThat(RecordingFiles.periodFromName(Path.of("x/reset0000000000020"))).hasValue(20);
    }

    @Test
    void aSingleEventAtAHugeEpochIsAGapNotAnAttemptToHoldEveryEpochBeforeIt() throws IOException {
        // The reader used to size a list by the last epoch first: an OutOfMemoryError, not a message.
        Path file = write("r.jsonl", event("a", 2_000_000_000, 0, "0.5") + "\n");
        assertThatThrownBy(() -> RecordingFiles.readRuns(folder)).isInstanceOf(RecordingException.class)
                .hasMessage(file + ": run a must report every epoch from 1 to 2000000000; epoch 1 is missing");
    }

    @Test
    void aColumnNamedTwiceIsRefusedRatherThanOneReplacingTheOther() throws IOException {
        // Both columns used to be read into one metric, the second silently replacing the first.
        Path file = write("run.csv", "loss,acc,loss\n1.0,10,2.0\n");
        assertThatThrownBy(() -> RecordingFiles.readRuns(folder))
                .hasMessage(file + " line 1: metric 'loss' must be named once in the header: columns 1 and 3");
    }

    @Test
    void aHeaderIsHeldToTheRulesOfAnEpochEventsMetrics() throws IOException {
        Path file = write("run.csv", ",loss\n0,1.0\n");
        assertThatThrownBy(() -> RecordingFiles.readRuns(folder))
                .hasMessage(file + " line 1: header column 1 must name a metric: ''");
        write("run.csv", "loss," + "m".repeat(129) + "\n1,1\n");
        assertThatThrownBy(() -> RecordingFiles.readRuns(folder)).hasMessage(file + " line 1: metric names must be "
                + "at most 128 characters: 129 in header column 2 '" + "m".repeat(80) + "...'");
        write("run.csv", "m,".repeat(1_000) + "last\n" + "1,".repeat(1_000) + "1\n");
        assertThatThrownBy(() -> RecordingFiles.readRuns(folder))
                .hasMessage(file + " line 1: the header must name at most 1000 metrics: 1001");
    }

    @Test
    void aLineLongerThanTheLimitIsRefusedWithItsLengthBeforeItIsHeldWhole() throws IOException {
        Path file = write("run.csv", "loss\n" + "1".repeat(1_048_577) + "\n");
        assertThatThrownBy(() -> RecordingFiles.readRuns(folder))
                .hasMessage(file + " line 2: a line must be at most 1048576 bytes: 1048577");
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedWithItsLine() throws IOException {
        Path file = folder.resolve("run.csv");
        Files.write(file, new byte[] {'l', 'o', 's', 's', '\n', '1', '\n', (byte) 0xC3, '(', '\n'});
        assertThatThrownBy(() -> RecordingFiles.readRuns(folder))
                .hasMessage(file + " line 3: not UTF-8 text");
    }

    @Test
    void windowsAndOldMacLineEndingsReadAsUnixOnes() throws IOException {
        write("a.csv", "loss\r\n1\r\n2\r\n");
        write("b.csv", "loss\r1\r2\r");
        write("c.csv", "loss\n1\n2");
        assertThat(RecordingFiles.readRuns(folder)).extracting(RecordedRun::epochs).containsOnly(
                List.of(java.util.Map.of("loss", 1.0), java.util.Map.of("loss", 2.0)));
    }

    private static String event(String run, int epoch, int segment, String acc) {
        return "{\"schema\":1,\"experiment\":\"e\",\"run_id\":\"" + run + "\",\"epoch\":" + epoch
                + ",\"segment\":" + segment + ",\"time\":\"2026-01-01T00:00:00Z\",\"metrics\":{\"acc\":" + acc + "}}";
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(folder.resolve(name), content);
    }
}
