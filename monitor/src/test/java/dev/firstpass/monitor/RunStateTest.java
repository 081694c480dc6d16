package dev.firstpass.monitor;

import static dev.firstpass.monitor.MonitorHarness.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.monitor.run.EpochValue;
import dev.firstpass.monitor.run.RunSnapshot;
import dev.firstpass.monitor.run.RunStatus;
import dev.firstpass.monitor.run.TargetPassage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStateTest {

    @TempDir
    Path stateDir;

    @Test
    void recordsTheEpochARunFirstCrossesTheTarget() {
        try (MonitorHarness monitor = MonitorHarness.start(MonitorHarness.settings(stateDir))) {
            monitor.run("r1", "baseline", 0.5, 0.7, 0.85, 0.9);

            StoredRun run = monitor.runState("r1");
            assertThat(run.passages()).containsExactly(new TargetPassage(0.8, 3));
            assertThat(run.firstPassage(0.8)).isEqualTo(3);
            assertThat(run.experiment()).isEqualTo("e1");
            assertThat(run.arm()).isEqualTo("baseline");
            assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(run.lastSeen()).isEqualTo(MonitorHarness.START);
            assertThat(monitor.snapshotsSent()).extracting(RunSnapshot::values).containsExactly(
                    List.of(0.5), List.of(0.5, 0.7), List.of(0.5, 0.7, 0.85), List.of(0.5, 0.7, 0.85, 0.9));
        }
    }

    @Test
    void withASnapshotIntervalEachChangedRunIsSentOncePerIntervalWithItsLatestTrajectory() {
        Map<String, String> settings = MonitorHarness.settings(stateDir);
        settings.put(MonitorConfig.SNAPSHOT_INTERVAL.key(), "1000ms");
        try (MonitorHarness monitor = MonitorHarness.start(settings)) {
            monitor.run("r1", null, 0.5, 0.7, 0.85);
            monitor.run("r2", null, 0.4);
            monitor.kicked("r1", 2);

            assertThat(monitor.snapshotsSent()).isEmpty();

            monitor.advance(Duration.ofSeconds(1));
            assertThat(monitor.snapshotsSent()).containsExactly(
                    new RunSnapshot("e1", "r1", null, List.of(0.5, 0.7, 0.85), List.of(2), RunStatus.RUNNING, null),
                    new RunSnapshot("e1", "r2", null, List.of(0.4), List.of(), RunStatus.RUNNING, null));
            assertThat(monitor.queries().experiment("e1").orElseThrow().epochs()).isEqualTo(4);

            monitor.send(event("r2", 2, 0.6));
            monitor.send(event("r1", 3, 0.85));
            monitor.advance(Duration.ofSeconds(1));
            assertThat(monitor.snapshotsSent()).containsExactly(
                    new RunSnapshot("e1", "r2", null, List.of(0.4, 0.6), List.of(), RunStatus.RUNNING, null));

            monitor.advance(Duration.ofSeconds(1));
            assertThat(monitor.snapshotsSent()).isEmpty();
        }
    }

    @Test
    void aReplayedEpochChangesNothingAndEmitsNothing() {
        try (MonitorHarness monitor = MonitorHarness.start(MonitorHarness.settings(stateDir))) {
            monitor.run("r1", null, 0.5, 0.7, 0.85);
            StoredRun before = monitor.runState("r1");
            monitor.snapshotsSent();
            monitor.advance(Duration.ofMinutes(1));

            monitor.send(event("r1", 2, 0.7));
            monitor.send(event("r1", 3, 0.85));

            assertThat(monitor.runState("r1")).isEqualTo(before);
            assertThat(monitor.snapshotsSent()).isEmpty();
            assertThat(monitor.deadLetters.isEmpty()).isTrue();
            assertThat(monitor.plateau.isEmpty()).isTrue();
        }
    }

    @Test
    void outOfOrderEpochsAreBufferedAndEndInTheSameStateAsInOrder() {
        try (MonitorHarness monitor = MonitorHarness.start(MonitorHarness.settings(stateDir))) {
            double[] values = {0.5, 0.6, 0.82, 0.7, 0.9};
            for (int epoch = 1; epoch <= 5; epoch++) {
                monitor.send(event("in-order", epoch, values[epoch - 1]));
            }
            monitor.send(event("shuffled", 1, values[0]));
            monitor.send(event("shuffled", 3, values[2]));
            monitor.send(event("shuffled", 5, values[4]));

            StoredRun partial = monitor.runState("shuffled");
            assertThat(partial.contiguousValues()).containsExactly(0.5);
            assertThat(partial.passages()).containsExactly(new TargetPassage(0.8, null));
            assertThat(partial.epochs()).containsOnlyKeys(1, 3, 5);

            monitor.send(event("shuffled", 4, values[3]));
            monitor.send(event("shuffled", 2, values[1]));

            StoredRun inOrder = monitor.runState("in-order");
            StoredRun shuffled = monitor.runState("shuffled");
            assertThat(shuffled.epochs()).isEqualTo(inOrder.epochs());
            assertThat(shuffled.passages()).isEqualTo(inOrder.passages()).containsExactly(new TargetPassage(0.8, 3));
            assertThat(shuffled.snapshot().values()).isEqualTo(inOrder.snapshot().values())
                    .containsExactly(0.5, 0.6, 0.82, 0.7, 0.9);
        }
    }

    @Test
    void anEarlierEpochInAHigherSegmentIsAResumeThatReplacesLaterValues() {
        try (MonitorHarness monitor = MonitorHarness.start(MonitorHarness.settings(stateDir))) {
            monitor.run("r1", null, 0.5, 0.6, 0.65, 0.7, 0.72);
            monitor.kicked("r1", 2);
            monitor.kicked("r1", 4);

            // The trainer crashed after epoch 5 and resumed from its checkpoint after epoch 2.
            monitor.send(event("r1", null, 3, 1, Map.of("test_acc", 0.62)));
            monitor.send(event("r1", null, 4, 1, Map.of("test_acc", 0.81)));
            // A late copy from the abandoned segment changes nothing.
            monitor.send(event("r1", null, 5, 0, Map.of("test_acc", 0.72)));

            StoredRun run = monitor.runState("r1");
            TreeMap<Integer, EpochValue> expected = new TreeMap<>(Map.of(
                    1, new EpochValue(0, 0.5), 2, new EpochValue(0, 0.6),
                    3, new EpochValue(1, 0.62), 4, new EpochValue(1, 0.81)));
            assertThat(run.epochs()).isEqualTo(expected);
            assertThat(run.segment()).isEqualTo(1);
            assertThat(run.kicks()).containsExactly(2);
            assertThat(run.passages()).containsExactly(new TargetPassage(0.8, 4));
            assertThat(run.snapshot().values()).containsExactly(0.5, 0.6, 0.62, 0.81);
            assertThat(monitor.deadLetters.isEmpty()).isTrue();
        }
    }

    @Test
    void nonFiniteValuesAreKeptFlaggedAndNeverReachATarget() {
        Map<String, String> settings = MonitorHarness.settings(stateDir);
        settings.put(MonitorConfig.METRIC.key(), "loss");
        settings.put(MonitorConfig.DIRECTION.key(), "min");
        settings.put(MonitorConfig.TARGETS.key(), "0.5");
        try (MonitorHarness monitor = MonitorHarness.start(settings)) {
            monitor.send(event("r1", null, 1, 0, Map.of("loss", 1.2)));
            monitor.send(event("r1", null, 2, 0, Map.of("loss", Double.NaN)));
            monitor.send(event("r1", null, 3, 0, Map.of("loss", Double.POSITIVE_INFINITY)));
            monitor.send(event("r1", null, 4, 0, Map.of("loss", 0.6)));

            StoredRun diverging = monitor.runState("r1");
            assertThat(diverging.contiguousValues()).containsExactly(1.2, Double.NaN, Double.POSITIVE_INFINITY, 0.6);
            assertThat(diverging.nonFiniteEpochs()).containsExactly(2, 3);
            assertThat(diverging.passages()).containsExactly(new TargetPassage(0.5, null));
            assertThat(monitor.experimentRuns("e1").get("r1").values())
                    .containsExactly(1.2, Double.NaN, Double.POSITIVE_INFINITY, 0.6);

            monitor.send(event("r1", null, 5, 0, Map.of("loss", 0.4)));

            assertThat(monitor.runState("r1").passages()).containsExactly(new TargetPassage(0.5, 5));
        }
    }

    @Test
    void aSilentRunIsMarkedStalledByThePunctuatorAndRevivedByItsNextEpoch() {
        try (MonitorHarness monitor = MonitorHarness.start(MonitorHarness.settings(stateDir))) {
            monitor.run("r1", null, 0.5, 0.6);
            monitor.advance(Duration.ofMinutes(2));
            monitor.send(event("r1", 3, 0.65));
            monitor.snapshotsSent();

            monitor.advance(Duration.ofMinutes(10));
            assertThat(monitor.runState("r1").status()).isEqualTo(RunStatus.RUNNING);

            monitor.advance(Duration.ofSeconds(5));
            StoredRun stalled = monitor.runState("r1");
            assertThat(stalled.status()).isEqualTo(RunStatus.STALLED);
            assertThat(stalled.lastSeen()).isEqualTo(MonitorHarness.START.plus(Duration.ofMinutes(2)));
            assertThat(monitor.snapshotsSent()).containsExactly(new RunSnapshot("e1", "r1", null,
                    List.of(0.5, 0.6, 0.65), List.of(), RunStatus.STALLED, null));
            assertThat(monitor.experimentRuns("e1").get("r1").status()).isEqualTo(RunStatus.STALLED);

            monitor.send(event("r1", 4, 0.7));

            assertThat(monitor.runState("r1").status()).isEqualTo(RunStatus.RUNNING);
            assertThat(monitor.experimentRuns("e1").get("r1").status()).isEqualTo(RunStatus.RUNNING);
        }
    }

    @Test
    void lifecycleSetsArmAndFinishReasonAndAcksSetKicks() {
        try (MonitorHarness monitor = MonitorHarness.start(MonitorHarness.settings(stateDir))) {
            monitor.started("r1", "tau-2");
            monitor.run("r1", null, 0.5, 0.6, 0.7);
            monitor.kicked("r1", 2);
            monitor.kicked("r1", 2);
            monitor.finished("r1", 3);

            assertThat(monitor.experimentRuns("e1").get("r1")).isEqualTo(new RunSnapshot("e1", "r1", "tau-2",
                    List.of(0.5, 0.6, 0.7), List.of(2), RunStatus.FINISHED, "completed"));
        }
    }

    @Test
    void publishesAPlateauEventWhenARunFlattensAndWhenItRisesAgain() {
        Map<String, String> settings = MonitorHarness.settings(stateDir);
        settings.put(MonitorConfig.QSS_WINDOW.key(), "5");
        try (MonitorHarness monitor = MonitorHarness.start(settings)) {
            // Slopes over the last 5 epochs, by hand: 0.125 (exact line), 0.1, 0.0625, 0.025 (t = 1.73 with
            // 3 degrees of freedom, p = 0.18: plateau), 0, 0.025, then 0.0625 (t = 3.27, p = 0.047 < 0.05).
            monitor.run("r1", "a", 0.125, 0.25, 0.375, 0.5, 0.625, 0.625, 0.625, 0.625, 0.625, 0.75, 0.875);

            assertThat(monitor.plateau.readKeyValuesToList()).extracting(kv -> kv.key + " " + kv.value).containsExactly(
                    "r1 {\"schema\":1,\"experiment\":\"e1\",\"run_id\":\"r1\",\"arm\":\"a\",\"epoch\":8,"
                            + "\"plateau\":true,\"slope\":0.025,\"p_value\":0.18169011381620925,\"window\":5,"
                            + "\"time\":\"2025-02-06T12:00:00Z\"}",
                    "r1 {\"schema\":1,\"experiment\":\"e1\",\"run_id\":\"r1\",\"arm\":\"a\",\"epoch\":11,"
                            + "\"plateau\":false,\"slope\":0.0625,\"p_value\":0.046661881919782155,\"window\":5,"
                            + "\"time\":\"2025-02-06T12:00:00Z\"}");
        }
    }
}
