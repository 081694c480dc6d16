package dev.firstpass.monitor.run;

import java.time.Instant;

/**
 * A run entering or leaving a single-run plateau: the OLS slope of its last {@code window} epochs is
 * (or stops being) indistinguishable from zero. Published keyed by run id.
 *
 * @param schema the version of this record's JSON form
 * @param experiment the experiment
 * @param runId the run
 * @param arm the arm, or null
 * @param epoch the last contiguous epoch the test looked at
 * @param plateau whether the run is on a plateau now
 * @param slope the fitted slope per epoch, or null when it could not be computed
 * @param pValue the p-value of the slope test, or null
 * @param window the epochs the test looked at
 * @param time when the change was seen
 */
public record PlateauEvent(int schema, String experiment, String runId, String arm, int epoch, boolean plateau,
        Double slope, Double pValue, int window, Instant time) {

    /** The version written. */
    public static final int SCHEMA = 1;
}
