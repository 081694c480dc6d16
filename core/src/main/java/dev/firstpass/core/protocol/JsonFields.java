package dev.firstpass.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Typed, forgiving reads of one JSON object that record what was wrong instead of throwing.
 *
 * <p>Every read returns null (or a placeholder) for a missing or mistyped field and notes the problem,
 * so one pass over a message finds all its problems. Explicit JSON null counts as absent. Only this
 * class and {@link ProtocolJson} see Jackson types.
 */
final class JsonFields {

    private final JsonNode node;
    private final String prefix;
    private final Violations violations;

    private JsonFields(JsonNode node, String prefix, Violations violations) {
        this.node = node;
        this.prefix = prefix;
        this.violations = violations;
    }

    static JsonFields of(JsonNode object) {
        return new JsonFields(object, "", new Violations());
    }

    Violations violations() {
        return violations;
    }

    String text(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            reject(name, "a string", value);
            return null;
        }
        return value.textValue();
    }

    Integer integer(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            reject(name, "an integer", value);
            return null;
        }
        return value.intValue();
    }

    int integer(String name, int whenAbsent) {
        Integer value = integer(name);
        return value == null ? whenAbsent : value;
    }

    /** A required int; the placeholder returned for a missing one is never used, the read failed. */
    int requiredInteger(String name) {
        Integer value = integer(name);
        violations.require(prefix + name, value);
        return value == null ? 0 : value;
    }

    long requiredLong(String name) {
        JsonNode value = present(name);
        if (value != null && (!value.isIntegralNumber() || !value.canConvertToLong())) {
            reject(name, "an integer", value);
            return 0;
        }
        violations.require(prefix + name, value);
        return value == null ? 0 : value.longValue();
    }

    boolean bool(String name, boolean whenAbsent) {
        JsonNode value = present(name);
        if (value == null) {
            return whenAbsent;
        }
        if (!value.isBoolean()) {
            reject(name, "true or false", value);
            return whenAbsent;
        }
        return value.booleanValue();
    }

    /** A required true or false; the placeholder returned for a missing one is never used, the read failed. */
    boolean requiredBool(String name) {
        JsonNode value = present(name);
        if (value != null && !value.isBoolean()) {
            reject(name, "true or false", value);
            return false;
        }
        violations.require(prefix + name, value);
        return value != null && value.booleanValue();
    }

    Double number(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return null;
        }
        Double number = JsonNumbers.decode(value);
        if (number == null) {
            reject(name, "a number", value);
        }
        return number;
    }

    double requiredNumber(String name) {
        Double value = number(name);
        violations.require(prefix + name, value);
        return value == null ? Double.NaN : value;
    }

    Instant instant(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return null;
        }
        Instant instant = value.isTextual() ? parseInstant(value.textValue()) : null;
        if (instant == null) {
            reject(name, "an ISO-8601 instant such as \"2024-05-01T12:00:00Z\"", value);
        }
        return instant;
    }

    /** An enum written as its lower-case constant name. */
    <E extends Enum<E>> E choice(String name, Class<E> type) {
        JsonNode value = present(name);
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (value.isTextual() && wireName(constant).equals(value.textValue())) {
                return constant;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants()).map(JsonFields::wireName)
                .collect(Collectors.joining(", "));
        reject(name, "one of " + allowed, value);
        return null;
    }

    /** A map of numbers of any size (within the record's); see {@link #numbers(String, Function, int)}. */
    Map<String, Double> numbers(String name, Function<String, String> subject) {
        return numbers(name, subject, Integer.MAX_VALUE);
    }

    /**
     * A map of numbers; {@code subject} names one entry in messages, e.g. "metric 'loss'". A map of
     * more than {@code maxEntries} is refused whole, without a problem for each of its entries.
     */
    Map<String, Double> numbers(String name, Function<String, String> subject, int maxEntries) {
        JsonNode value = present(name);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            reject(name, "an object", value);
            return null;
        }
        if (value.size() > maxEntries) {
            violations.atMost(prefix + name, value.size(), maxEntries, name);
            return null;
        }
        Map<String, Double> numbers = new LinkedHashMap<>();
        value.properties().forEach(entry -> {
            Double number = JsonNumbers.decode(entry.getValue());
            if (number == null) {
                violations.add(prefix + name + "." + entry.getKey(),
                        subject.apply(entry.getKey()) + " must be a number: " + Violations.show(entry.getValue()));
            } else {
                numbers.put(entry.getKey(), number);
            }
        });
        return numbers;
    }

    /**
     * A map of strings. Numbers and booleans are taken as their text because trainers naturally
     * write {@code "lr": 0.1}; refusing a whole epoch for that would cost more than it protects.
     */
    Map<String, String> strings(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            reject(name, "an object", value);
            return null;
        }
        Map<String, String> strings = new LinkedHashMap<>();
        value.properties().forEach(entry -> {
            JsonNode item = entry.getValue();
            if (item.isValueNode() && !item.isNull()) {
                strings.put(entry.getKey(), item.asText());
            } else {
                violations.add(prefix + name + "." + entry.getKey(),
                        prefix + name + " " + Violations.showName(entry.getKey()) + " must be a string: "
                                + Violations.show(item));
            }
        });
        return strings;
    }

    List<Double> numberList(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            reject(name, "an array", value);
            return null;
        }
        List<Double> numbers = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            Double number = JsonNumbers.decode(value.get(i));
            if (number == null) {
                String path = prefix + name + "[" + i + "]";
                violations.add(path, path + " must be a number: " + Violations.show(value.get(i)));
            } else {
                numbers.add(number);
            }
        }
        return numbers;
    }

    JsonFields object(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            reject(name, "an object", value);
            return null;
        }
        return new JsonFields(value, prefix + name + ".", violations);
    }

    List<JsonFields> objects(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            reject(name, "an array", value);
            return null;
        }
        List<JsonFields> objects = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            String path = prefix + name + "[" + i + "]";
            if (value.get(i).isObject()) {
                objects.add(new JsonFields(value.get(i), path + ".", violations));
            } else {
                violations.add(path, path + " must be an object: " + Violations.show(value.get(i)));
            }
        }
        return objects;
    }

    /**
     * A message nested in this one (a decision's command), read by its own rules as if it stood alone:
     * its problems join this message's as one, under {@code name}, and null stands in for it.
     */
    <T> T message(String name, Function<JsonFields, T> decoder) {
        JsonNode value = present(name);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            reject(name, "an object", value);
            return null;
        }
        try {
            return decoder.apply(of(value));
        } catch (InvalidRecordException e) {
            violations.add(prefix + name, prefix + name + ": " + e.getMessage());
            return null;
        }
    }

    /** Builds a nested value; its problems join this message's and null stands in for it. */
    <T> T attempt(Supplier<T> construction) {
        try {
            return construction.get();
        } catch (InvalidRecordException e) {
            violations.addAll(e);
            return null;
        }
    }

    /** Builds the message, throwing every problem found while reading it and by its own checks. */
    <T> T build(Supplier<T> construction) {
        T built = attempt(construction);
        violations.throwIfAny();
        return built;
    }

    static String wireName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    private JsonNode present(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private void reject(String name, String rule, JsonNode value) {
        violations.add(prefix + name, prefix + name + " must be " + rule + ": " + Violations.show(value));
    }

    private static Instant parseInstant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notUtc) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notIso) {
                return null;
            }
        }
    }
}
