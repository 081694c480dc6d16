package dev.firstpass.sink;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A controller decision as a {@value Measurements#DECISION} point, read generically: the controller's
 * audit records may gain fields at any time, and every scalar among them is worth keeping.
 *
 * <p>Tags: experiment (required), kind (from {@code kind}, {@code decision} or {@code type}, the first
 * present; else "decision"), and run_id and arm when present. Time: {@code time}, {@code decided_at} or
 * {@code issued_at}, else the Kafka record's timestamp. Fields: every other scalar, nested objects
 * flattened with "_" ({@code prediction.mfpt} becomes {@code prediction_mfpt}); arrays are left out.
 * Numbers are always floats, so that a field that is 5 in one decision and 5.5 in the next keeps one
 * type.
 */
final class DecisionPoints {

    private static final String[] KIND_NAMES = {"kind", "decision", "type"};
    private static final String[] TIME_NAMES = {"time", "decided_at", "issued_at"};
    private static final Set<String> NOT_FIELDS = Set.of("schema", "experiment", "run_id", "arm", "kind", "decision",
            "type", "time", "decided_at", "issued_at");
    static final String DEFAULT_KIND = "decision";

    private DecisionPoints() {
    }

    static Optional<Line> of(byte[] value, long recordTimestampMs) {
        JsonNode decision = GenericJson.object(value);
        String kind = DEFAULT_KIND;
        for (String name : KIND_NAMES) {
            String text = GenericJson.text(decision, name);
            if (text != null) {
                kind = text;
                break;
            }
        }
        LineProtocol point = LineProtocol.measurement(Measurements.DECISION)
                .tag("experiment", GenericJson.requiredText(decision, "experiment"))
                .tag("kind", kind)
                .tag("run_id", GenericJson.text(decision, "run_id"))
                .tag("arm", GenericJson.text(decision, "arm"));
        for (Map.Entry<String, JsonNode> entry : decision.properties()) {
            if (!NOT_FIELDS.contains(entry.getKey())) {
                addField(point, entry.getKey(), entry.getValue());
            }
        }
        return point.at(GenericJson.time(decision, recordTimestampMs, TIME_NAMES));
    }

    private static void addField(LineProtocol point, String key, JsonNode value) {
        if (value.isObject()) {
            value.properties().forEach(nested -> addField(point, key + "_" + nested.getKey(), nested.getValue()));
            return;
        }
        Double number = GenericJson.number(value);
        if (number != null) {
            point.field(key, number);
        } else if (value.isBoolean()) {
            point.field(key, value.booleanValue());
        } else if (value.isTextual()) {
            point.field(key, value.textValue());
        }
    }
}
