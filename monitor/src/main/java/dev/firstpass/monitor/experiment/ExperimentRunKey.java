package dev.firstpass.monitor.experiment;

/**
 * The key of a run's snapshot in the experiment step: {@code <length of experiment>:<experiment>|<run id>},
 * e.g. "2:e1|r7", so that one prefix scan finds exactly one experiment's runs whatever characters its
 * id holds.
 */
public final class ExperimentRunKey {

    private ExperimentRunKey() {
    }

    /** The store key of {@code runId} in {@code experiment}. */
    public static String of(String experiment, String runId) {
        return prefix(experiment) + runId;
    }

    /** The common start of every key of {@code experiment}'s runs. */
    public static String prefix(String experiment) {
        return experiment.length() + ":" + experiment + "|";
    }
}
