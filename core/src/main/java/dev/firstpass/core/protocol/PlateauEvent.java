package dev.firstpass.core.protocol;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * A run entering or leaving a single-run plateau: the OLS slope of its last {@code window} epochs is
 * (or stops being) indistinguishable from zero. The monitor publishes it keyed by run id.
 *
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
@JsonPropertyOrder({"schema", "experiment", "run_id", "arm", "epoch", "plateau", "slope", "p_value", "window",
    "time"})
public record PlateauEvent(String experiment, String runId, String arm, int epoch, boolean plateau, Double slope,
        Double pValue, int window, Instant time) implements WireMessage {

    public PlateauEvent {
        Violations v = new Violations();
        v.requireId("experiment", experiment);
        v.requireId("run_id", runId);
        v.optionalId("arm", arm);
        // 0 is a run whose epochs do not start at 1: it has no contiguous epochs for the test to look at.
        v.atLeast("epoch", epoch, 0);
        v.atLeast("window", window, 1);
        v.require("time", time);
        v.throwIfAny();
    }

    static PlateauEvent decode(JsonFields in) {
        String experiment = in.text("experiment");
        String runId = in.text("run_id");
        String arm = in.text("arm");
        int epoch = in.requiredInteger("epoch");
        boolean plateau = in.requiredBool("plateau");
        Double slope = in.number("slope");
        Double pValue = in.number("p_value");
        int window = in.requiredInteger("window");
        Instant time = in.instant("time");
        return in.build(() -> new PlateauEvent(experiment, runId, arm, epoch, plateau, slope, pValue, window, time));
    }
}
