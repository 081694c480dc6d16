package dev.firstpass.sink;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A monitor plateau event as a {@value Measurements#PLATEAU} point: a run entering (plateau=true) or
 * leaving (false) a single-run plateau at an epoch.
 *
 * <p>Read as plain JSON (the monitor owns the record); tags experiment, run_id, arm; fields plateau,
 * epoch, slope, p_value, window; time from {@code time}, else the Kafka record's timestamp.
 */
final class PlateauPoints {

    private PlateauPoints() {
    }

    static Optional<Line> of(byte[] value, long recordTimestampMs) {
        JsonNode event = GenericJson.object(value);
        JsonNode plateau = event.get("plateau");
        if (plateau == null || !plateau.isBoolean()) {
            throw new UnreadableRecordException("plateau must be true or false: " + plateau);
        }
        LineProtocol point = LineProtocol.measurement(Measurements.PLATEAU)
                .tag("experiment", GenericJson.requiredText(event, "experiment"))
                .tag("run_id", GenericJson.requiredText(event, "run_id"))
                .tag("arm", GenericJson.text(event, "arm"))
                .field("plateau", plateau.booleanValue());
        integer(point, event, "epoch");
        number(point, event, "slope");
        number(point, event, "p_value");
        integer(point, event, "window");
        return point.at(GenericJson.time(event, recordTimestampMs, "time"));
    }

    private static void integer(LineProtocol point, JsonNode event, String name) {
        JsonNode value = event.get(name);
        if (value != null && value.canConvertToLong() && value.isIntegralNumber()) {
            point.field(name, value.longValue());
        }
    }

    private static void number(LineProtocol point, JsonNode event, String name) {
        JsonNode value = event.get(name);
        Double number = value == null ? null : GenericJson.number(value);
        if (number != null) {
            point.field(name, number);
        }
    }
}
