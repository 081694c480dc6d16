package dev.firstpass.sink;

import dev.firstpass.core.protocol.EpochEvent;
import java.util.Map;
import java.util.Optional;

/**
 * An epoch event as a {@value Measurements#EPOCH} point.
 *
 * <p>The point's time is the event's own {@code time}, never the time of writing, so replaying the topic
 * overwrites the points it wrote before instead of adding copies. The segment is a tag because a run
 * resumed from a checkpoint repeats epochs; each segment is its own series.
 */
final class EpochPoints {

    private EpochPoints() {
    }

    /** Tags experiment, run_id, arm (when there is one) and segment; fields every metric, and epoch. */
    static Optional<Line> of(EpochEvent event) {
        LineProtocol point = LineProtocol.measurement(Measurements.EPOCH)
                .tag("experiment", event.experiment())
                .tag("run_id", event.runId())
                .tag("arm", event.arm())
                .tag("segment", Integer.toString(event.segment()));
        for (Map.Entry<String, Double> metric : event.metrics().entrySet()) {
            point.field(metric.getKey(), metric.getValue());
        }
        // Added last so that it wins over a metric that happens to be called "epoch".
        point.field("epoch", (long) event.epoch());
        return point.at(event.time());
    }
}
