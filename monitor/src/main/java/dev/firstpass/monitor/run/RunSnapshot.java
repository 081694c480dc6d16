package dev.firstpass.monitor.run;

import java.util.List;

/**
 * What an experiment's analysis needs to know about one run: its arm, its trajectory (the contiguous
 * epochs from 1), when it was kicked, and its status.
 *
 * @param experiment the experiment
 * @param runId the run
 * @param arm the arm, or null when the run never said
 * @param values the metric after epochs 1, 2, ..., up to the first epoch not yet seen
 * @param kicks the epochs after which an applied perturbation acted, ascending
 * @param status the run's status
 * @param finishReason why it finished (e.g. "completed"), or null unless finished
 */
public record RunSnapshot(String experiment, String runId, String arm, List<Double> values, List<Integer> kicks,
        RunStatus status, String finishReason) {

    public RunSnapshot {
        values = List.copyOf(values);
        kicks = List.copyOf(kicks);
    }

    /** The values as an array, index 0 holding epoch 1. */
    public double[] valueArray() {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
