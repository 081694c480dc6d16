package dev.firstpass.monitor.experiment;

import dev.firstpass.monitor.run.RunSnapshot;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything an experiment's analysis needs, stored under the experiment id.
 *
 * @param experiment the experiment
 * @param runs the latest snapshot of each run, by run id
 * @param dirty whether a run changed since the statistics were last published
 */
public record ExperimentState(String experiment, SortedMap<String, RunSnapshot> runs, boolean dirty) {

    public ExperimentState {
        runs = Collections.unmodifiableSortedMap(new TreeMap<>(runs));
    }

    static ExperimentState empty(String experiment) {
        return new ExperimentState(experiment, new TreeMap<>(), false);
    }

    /** This state with {@code run}'s snapshot replaced, marked dirty. */
    ExperimentState with(RunSnapshot run) {
        TreeMap<String, RunSnapshot> updated = new TreeMap<>(runs);
        updated.put(run.runId(), run);
        return new ExperimentState(experiment, updated, true);
    }

    ExperimentState clean() {
        return new ExperimentState(experiment, runs, false);
    }
}
