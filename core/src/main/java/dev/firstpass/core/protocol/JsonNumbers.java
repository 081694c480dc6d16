package dev.firstpass.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Numbers as FirstPass writes them in JSON. JSON has no NaN or infinities, so they travel as the
 * strings "NaN", "Infinity" and "-Infinity", and only these; every reader of metric values uses this.
 */
public final class JsonNumbers {
    private JsonNumbers() {
    }

    /** The value of a JSON number or of one of the three non-finite strings; null for anything else. */
    public static Double decode(JsonNode value) {
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isTextual()) {
            return switch (value.textValue()) {
                case "NaN" -> Double.NaN;
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> null;
            };
        }
        return null;
    }
}
