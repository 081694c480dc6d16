package dev.firstpass.monitor;

import dev.firstpass.monitor.run.EpochValue;
import dev.firstpass.monitor.run.RunSnapshot;
import dev.firstpass.monitor.run.RunState;
import dev.firstpass.monitor.run.RunStatus;
import dev.firstpass.monitor.run.TargetPassage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * A run as the monitor's stores hold it: its state and its epochs, read back from their two stores, for
 * assertions on the whole run.
 */
record StoredRun(RunState state, SortedMap<Integer, EpochValue> epochs) {

    String experiment() {
        return state.experiment();
    }

    String arm() {
        return state.arm();
    }

    int segment() {
        return state.segment();
    }

    SortedSet<Integer> kicks() {
        return state.kicks();
    }

    RunStatus status() {
        return state.status();
    }

    Instant lastSeen() {
        return state.lastSeen();
    }

    List<TargetPassage> passages() {
        return state.passages();
    }

    Integer firstPassage(double target) {
        return state.firstPassage(target);
    }

    /** The values of epochs 1, 2, ... up to the first missing epoch, found from the epochs themselves. */
    List<Double> contiguousValues() {
        List<Double> values = new ArrayList<>();
        int expected = 1;
        for (Map.Entry<Integer, EpochValue> entry : epochs.entrySet()) {
            if (entry.getKey() != expected) {
                break;
            }
            values.add(entry.getValue().value());
            expected++;
        }
        return values;
    }

    List<Integer> nonFiniteEpochs() {
        return epochs.entrySet().stream().filter(e -> !Double.isFinite(e.getValue().value()))
                .map(Map.Entry::getKey).toList();
    }

    /** What the experiment would see of the run, built from the epochs rather than by the monitor. */
    RunSnapshot snapshot() {
        return new RunSnapshot(experiment(), state.runId(), arm(), contiguousValues(), new ArrayList<>(kicks()),
                status(), state.finishReason());
    }
}
