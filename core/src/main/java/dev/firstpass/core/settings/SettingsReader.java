package dev.firstpass.core.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Typed reads of string settings that note what is wrong instead of throwing, so that one pass finds
 * every problem; each note names the key and the offending value. Components extend it with the
 * reads their own settings need.
 */
public class SettingsReader {
    /** The settings, sorted so that problems come in key order whatever map the caller used. */
    protected final Map<String, String> values;
    /** The problems noted so far, in the order found. */
    protected final List<String> problems = new ArrayList<>();

    protected SettingsReader(Map<String, String> values) {
        this.values = new TreeMap<>(values);
    }

    /** A reader of {@code values} with no reads of its own, for settings that belong to no component. */
    public static SettingsReader of(Map<String, String> values) {
        return new SettingsReader(values);
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public void problem(String problem) {
        problems.add(problem);
    }

    public void check(boolean holds, String problem) {
        if (!holds) {
            problems.add(problem);
        }
    }

    /** The entries under {@code prefix}, with the prefix removed. */
    public Map<String, String> prefixed(String prefix) {
        Map<String, String> found = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                found.put(key.substring(prefix.length()), value);
            }
        });
        return Collections.unmodifiableMap(found);
    }

    /** The trimmed value, {@code whenAbsent} when the key is absent; blank is a problem. */
    public String text(String key, String whenAbsent) {
        String value = values.get(key);
        if (value == null) {
            return whenAbsent;
        }
        if (value.isBlank()) {
            problems.add(key + " must not be blank: '" + value + "'");
            return whenAbsent;
        }
        return value.trim();
    }

    /**
     * The value exactly as given, untrimmed (a password keeps its spaces), null when absent; a blank
     * value is a problem whose message does not show it.
     */
    public Secret optionalSecret(String key) {
        String value = values.get(key);
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            problems.add(key + " must not be blank");
            return null;
        }
        return Secret.of(value);
    }

    public String requiredText(String key) {
        if (!values.containsKey(key)) {
            problems.add(key + " is required");
            return null;
        }
        return text(key, null);
    }

    /**
     * A value read by {@code parser}, whose IllegalArgumentException message says "must be ..."; a
     * message that already names the key ("direction must be ...") is kept as it is.
     */
    public <T> T parsed(String key, T whenAbsent, Function<String, T> parser) {
        String value = values.get(key);
        if (value == null) {
            return whenAbsent;
        }
        try {
            return parser.apply(value.trim());
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            problems.add(message.startsWith(key + " ") ? message : key + " " + message);
            return whenAbsent;
        }
    }

    /** A whole number of at least {@code min}; {@code whenAbsent} when absent or not one. */
    public long whole(String key, long whenAbsent, long min) {
        String value = values.get(key);
        if (value == null) {
            return whenAbsent;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            problems.add(key + " must be a whole number: '" + value + "'");
            return whenAbsent;
        }
        if (parsed < min) {
            problems.add(key + " must be at least " + min + ": " + parsed);
            return whenAbsent;
        }
        return parsed;
    }
}
