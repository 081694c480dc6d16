package dev.firstpass.monitor.experiment;

import dev.firstpass.monitor.run.RunSnapshot;

/**
 * What is known of an experiment as a whole, stored under the experiment id; its runs' snapshots are
 * stored one per run (see {@link ExperimentRunKey}).
 *
 * <p>Keeping the runs out of this record keeps the cost of one epoch event independent of the size of
 * the experiment: only the run's own snapshot and this small record are rewritten.
 *
 * @param experiment the experiment
 * @param runs the runs heard of so far
 * @param epochs the epoch values held over all runs
 * @param dirty whether a run changed since the statistics were last published
 */
public record ExperimentState(String experiment, int runs, int epochs, boolean dirty) {

    static ExperimentState empty(String experiment) {
        return new ExperimentState(experiment, 0, 0, false);
    }

    /** This state after {@code before} (null for a new run) was replaced by {@code after}, marked dirty. */
    ExperimentState with(RunSnapshot before, RunSnapshot after) {
        int addedRuns = before == null ? 1 : 0;
        int addedEpochs = after.values().size() - (before == null ? 0 : before.values().size());
        return new ExperimentState(experiment, runs + addedRuns, epochs + addedEpochs, true);
    }

    ExperimentState clean() {
        return new ExperimentState(experiment, runs, epochs, false);
    }
}
