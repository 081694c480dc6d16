package dev.firstpass.sink;

import dev.firstpass.core.protocol.PlateauEvent;
import java.util.Optional;

/**
 * A monitor plateau event as a {@value Measurements#PLATEAU} point: a run entering (plateau=true) or
 * leaving (false) a single-run plateau at an epoch.
 */
final class PlateauPoints {

    private PlateauPoints() {
    }

    /**
     * Tags experiment, run_id and arm (when there is one); fields plateau, epoch, slope and p_value (when
     * known), window. The time is the event's.
     */
    static Optional<Line> of(PlateauEvent event) {
        return LineProtocol.measurement(Measurements.PLATEAU)
                .tag("experiment", event.experiment())
                .tag("run_id", event.runId())
                .tag("arm", event.arm())
                .field("plateau", event.plateau())
                .field("epoch", (long) event.epoch())
                .field("slope", event.slope())
                .field("p_value", event.pValue())
                .field("window", (long) event.window())
                .at(event.time());
    }
}
