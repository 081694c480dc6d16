package dev.firstpass.core.protocol;

import java.util.LinkedHashMap;
import java.util.Locale;
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

    /**
     * A run id, experiment, arm or command id: present, not blank, well-formed Unicode without control
     * characters, and short enough to be a key.
     */
    void requireId(String path, String value) {
        requireText(path, value);
        optionalId(path, value);
    }

    void optionalId(String path, String value) {
        optionalText(path, value);
        maxChars(path, value, path.equals("command_id") ? InputLimits.MAX_COMMAND_ID_CHARS : InputLimits.MAX_ID_CHARS);
        int at = value == null ? -1 : loneSurrogate(value);
        if (at >= 0) {
            add(path, path + " must be well-formed Unicode text: a lone surrogate at character " + (at + 1));
        }
        int control = value == null ? -1 : controlCharacter(value);
        if (control >= 0) {
            add(path, String.format(Locale.ROOT, "%s must not contain control characters: U+%04X at character %d",
                    path, (int) value.charAt(control), control + 1));
        }
    }

    // An id with a NUL, a newline or an escape in it is a producer's bug, not a new run: it would show as a
    // separate run that looks like another one, and break the logs and dashboards it is printed into.
    private static int controlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    void maxChars(String path, String value, int max) {
        int chars = value == null ? -1 : InputLimits.lengthOver(value, max);
        if (chars >= 0) {
            add(path, path + " must be at most " + max + " characters: " + chars);
        }
    }

    void atMost(String path, long value, long max, String unit) {
        if (value > max) {
            add(path, path + " must hold at most " + max + " " + unit + ": " + value);
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
                add(path + "." + name, path + " " + showName(name) + " must be a string: null");
            }
        });
    }

    /** A name inside a map, such as a metric's: besides not blank, at most {@code max} characters. */
    void name(String path, String name, int max) {
        int chars = name == null ? -1 : InputLimits.lengthOver(name, max);
        if (chars >= 0) {
            add(path + "." + name, path + " names must be at most " + max + " characters: " + chars + " in "
                    + show(name));
        }
    }

    private void names(String path, String name) {
        if (name == null || name.isBlank()) {
            add(path + "." + name, path + " names must not be blank: " + show(name));
        } else if (loneSurrogate(name) >= 0) {
            add(path + "." + name, path + " names must be well-formed Unicode text: a lone surrogate at character "
                    + (loneSurrogate(name) + 1) + " of " + show(name));
        }
    }

    // Text with a lone surrogate has no UTF-8 form: as a Kafka key it becomes '?', so two runs could share
    // one key, and as a JSON name it is written escaped but refused when read back.
    private static int loneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** Renders an offending value for a message: strings quoted, long values cut short. */
    static String show(Object value) {
        String shown = value instanceof String s ? '"' + s + '"' : String.valueOf(value);
        return shown.length() <= SHOWN_CHARS ? shown : shown.substring(0, SHOWN_CHARS) + "...";
    }

    /** Renders a name for a message, in single quotes and cut short like a value. */
    static String showName(String name) {
        String shown = String.valueOf(name);
        return "'" + (shown.length() <= SHOWN_CHARS ? shown : shown.substring(0, SHOWN_CHARS) + "...") + "'";
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
