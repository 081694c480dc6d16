package dev.firstpass.core.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Collects the problems of one message so they can be reported together.
 *
 * <p>Keeps one problem per field path: once "epoch must be an integer" is known, the record's own
 * check on the placeholder value would only add noise. A problem inside a field ("metrics.loss")
 * likewise silences rules about the whole field ("metrics must not be empty").
 */
final class Violations {

    private static final int SHOWN_CHARS = 80;

    private final Map<String, String> byPath = new LinkedHashMap<>();

    void add(String path, String message) {
        if (!covers(path)) {
            byPath.put(path, message);
        }
    }

    void addAll(InvalidRecordException e) {
        e.byPath().forEach(this::add);
    }

    void throwIfAny() {
        if (!byPath.isEmpty()) {
            throw exception();
        }
    }

    /** The exception reporting what was found; only once something was. */
    InvalidRecordException exception() {
        return new InvalidRecordException(byPath);
    }

    void require(String path, Object value) {
        if (value == null) {
            add(path, path + " is required");
        }
    }

    void requireText(String path, String value) {
        require(path, value);
        optionalText(path, value);
    }

    void optionalText(String path, String value) {
        if (value != null && value.isBlank()) {
            add(path, path + " must not be blank: " + show(value));
        }
    }

    void atLeast(String path, long value, long min) {
        if (value < min) {
            add(path, path + " must be at least " + min + ": " + value);
        }
    }

    /** Null values are the only thing a double map can get wrong once it is typed. */
    void numbers(String path, Map<String, Double> values, Function<String, String> subject) {
        values.forEach((name, value) -> {
            names(path, name);
            if (value == null) {
                add(path + "." + name, subject.apply(name) + " must be a number: null");
            }
        });
    }

    void strings(String path, Map<String, String> values) {
        values.forEach((name, value) -> {
            names(path, name);
            if (value == null) {
                add(path + "." + name, path + " '" + name + "' must be a string: null");
            }
        });
    }

    private void names(String path, String name) {
        if (name == null || name.isBlank()) {
            add(path + "." + name, path + " names must not be blank: " + show(name));
        }
    }

    /** Renders an offending value for a message: strings quoted, long values cut short. */
    static String show(Object value) {
        String shown = value instanceof String s ? '"' + s + '"' : String.valueOf(value);
        return shown.length() <= SHOWN_CHARS ? shown : shown.substring(0, SHOWN_CHARS) + "...";
    }

    private boolean covers(String path) {
        for (String known : byPath.keySet()) {
            if (known.equals(path) || known.startsWith(path + ".") || known.startsWith(path + "[")) {
                return true;
            }
        }
        return false;
    }
}
