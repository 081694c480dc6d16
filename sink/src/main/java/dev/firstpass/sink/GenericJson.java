package dev.firstpass.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads records whose shape the sink does not own (controller decisions, plateau events) as plain JSON
 * trees, so that a field added by their producers is written rather than breaking the sink.
 */
final class GenericJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private GenericJson() {
    }

    /** The record's JSON object; an {@link UnreadableRecordException} when it is not one. */
    static JsonNode object(byte[] value) {
        JsonNode root;
        try {
            root = MAPPER.readTree(value);
        } catch (JsonProcessingException e) {
            throw new UnreadableRecordException("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UnreadableRecordException("unreadable JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new UnreadableRecordException("not a JSON object");
        }
        return root;
    }

    /** A text field, or null when absent, null or not text. */
    static String text(JsonNode object, String name) {
        JsonNode value = object.get(name);
        return value != null && value.isTextual() && !value.textValue().isEmpty() ? value.textValue() : null;
    }

    static String requiredText(JsonNode object, String name) {
        String text = text(object, name);
        if (text == null) {
            throw new UnreadableRecordException(name + " must be a non-empty string: " + object.get(name));
        }
        return text;
    }

    /**
     * The first of {@code names} that holds an ISO-8601 instant, else the record's Kafka timestamp: both
     * come with the record, so a replay writes the same time again.
     */
    static Instant time(JsonNode object, long recordTimestampMs, String... names) {
        for (String name : names) {
            String text = text(object, name);
            if (text != null) {
                try {
                    return Instant.parse(text);
                } catch (DateTimeParseException notUtc) {
                    try {
                        return OffsetDateTime.parse(text).toInstant();
                    } catch (DateTimeParseException notIso) {
                        throw new UnreadableRecordException(name + " must be an ISO-8601 instant: \"" + text + "\"");
                    }
                }
            }
        }
        return Instant.ofEpochMilli(recordTimestampMs);
    }

    /**
     * A number, with the protocol's "NaN", "Infinity" and "-Infinity" strings read as numbers so that they
     * are left out as non-finite values rather than written as text; null when not a number.
     */
    static Double number(JsonNode value) {
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
