package dev.firstpass.monitor.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything the monitor keeps about one run, stored under its run id.
 *
 * @param runId the run
 * @param experiment its experiment
 * @param arm its arm, or null while no message named one (analysed as "baseline")
 * @param segment the highest segment (resume count) seen
 * @param epochs every accepted epoch, including those received ahead of a missing one
 * @param kicks the epochs after which an applied perturbation acted
 * @param status running, finished or stalled
 * @param finishReason why it finished ("completed", "stopped", "failed"), or null unless finished
 * @param lastSeen when the monitor last heard something new from the run, by its clock
 * @param passages the first passage of each target within the contiguous epochs
 * @param plateau whether the single-run plateau test holds on the last epochs
 */
public record RunState(String runId, String experiment, String arm, int segment,
        SortedMap<Integer, EpochValue> epochs, SortedSet<Integer> kicks, RunStatus status, String finishReason,
        Instant lastSeen, List<TargetPassage> passages, boolean plateau) {

    public RunState {
        epochs = Collections.unmodifiableSortedMap(new TreeMap<>(epochs));
        kicks = Collections.unmodifiableSortedSet(new TreeSet<>(kicks));
        passages = List.copyOf(passages);
    }

    /** A run the monitor has just heard of. */
    static RunState fresh(String runId, String experiment, Instant now) {
        return new RunState(runId, experiment, null, 0, new TreeMap<>(), new TreeSet<>(), RunStatus.RUNNING, null,
                now, List.of(), false);
    }

    /** The values of epochs 1, 2, ... up to the first missing epoch: the part that can be analysed. */
    public double[] contiguousValues() {
        List<Double> values = new ArrayList<>();
        int expected = 1;
        for (Map.Entry<Integer, EpochValue> entry : epochs.entrySet()) {
            if (entry.getKey() != expected) {
                break;
            }
            values.add(entry.getValue().value());
            expected++;
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Epochs whose value is NaN or infinite: kept, never a passage, and flagged here. */
    public List<Integer> nonFiniteEpochs() {
        return epochs.entrySet().stream().filter(e -> !Double.isFinite(e.getValue().value()))
                .map(Map.Entry::getKey).toList();
    }

    /** The first passage epoch of {@code target}, or null when not reached (or not a configured target). */
    public Integer firstPassage(double target) {
        return passages.stream().filter(p -> p.target() == target).map(TargetPassage::epoch)
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** Whether {@link #snapshot()} of both would be equal; compared in place, as it runs for every input. */
    boolean sameSnapshotAs(RunState other) {
        if (!experiment.equals(other.experiment) || !runId.equals(other.runId) || !Objects.equals(arm, other.arm)
                || status != other.status || !Objects.equals(finishReason, other.finishReason)
                || !kicks.equals(other.kicks)) {
            return false;
        }
        Iterator<Map.Entry<Integer, EpochValue>> mine = epochs.entrySet().iterator();
        Iterator<Map.Entry<Integer, EpochValue>> theirs = other.epochs.entrySet().iterator();
        for (int expected = 1; ; expected++) {
            Map.Entry<Integer, EpochValue> a = contiguous(mine, expected);
            Map.Entry<Integer, EpochValue> b = contiguous(theirs, expected);
            if (a == null || b == null) {
                return a == null && b == null;
            }
            if (Double.compare(a.getValue().value(), b.getValue().value()) != 0) {
                return false;
            }
        }
    }

    private static Map.Entry<Integer, EpochValue> contiguous(Iterator<Map.Entry<Integer, EpochValue>> entries,
            int expected) {
        if (!entries.hasNext()) {
            return null;
        }
        Map.Entry<Integer, EpochValue> entry = entries.next();
        return entry.getKey() == expected ? entry : null;
    }

    /** What the experiment sees of this run. */
    public RunSnapshot snapshot() {
        List<Double> values = new ArrayList<>();
        for (double value : contiguousValues()) {
            values.add(value);
        }
        return new RunSnapshot(experiment, runId, arm, values, new ArrayList<>(kicks), status, finishReason);
    }
}
