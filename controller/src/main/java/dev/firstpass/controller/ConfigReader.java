package dev.firstpass.controller;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Typed reads of string configuration that note what is wrong instead of throwing, so that one pass
 * finds every problem; each note names the key and the offending value.
 */
final class ConfigReader {

    private final Map<String, String> values;
    private final List<String> problems = new ArrayList<>();

    ConfigReader(Map<String, String> values) {
        // Sorted, so problems come in key order whatever map the caller used.
        this.values = new TreeMap<>(values);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    void problem(String problem) {
        problems.add(problem);
    }

    /** The entries under {@code prefix}, with the prefix removed. */
    Map<String, String> prefixed(String prefix) {
        Map<String, String> found = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                found.put(key.substring(prefix.length()), value);
            }
        });
        return Collections.unmodifiableMap(found);
    }

    // A misspelt key silently ignored would leave its default in force while the operator believes otherwise.
    void rejectUnknown(Set<String> known, String prefix) {
        for (String key : values.keySet()) {
            if (!known.contains(key) && !(key.startsWith(prefix) && key.length() > prefix.length())) {
                problems.add("unknown configuration key '" + key + "' (known: " + String.join(", ", new TreeSet<>(known))
                        + ", and " + prefix + "<name> for the Kafka clients)");
            }
        }
    }

    String text(String key, String whenAbsent) {
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

    String requiredText(String key) {
        if (!values.containsKey(key)) {
            problems.add(key + " is required");
            return null;
        }
        return text(key, null);
    }

    /** A value read by {@code parser}, whose IllegalArgumentException message says "must be ...". */
    <T> T parsed(String key, T whenAbsent, Function<String, T> parser) {
        String value = values.get(key);
        if (value == null) {
            return whenAbsent;
        }
        try {
            return parser.apply(value.trim());
        } catch (IllegalArgumentException e) {
            problems.add(key + " " + e.getMessage());
            return whenAbsent;
        }
    }

    long whole(String key, long whenAbsent, long min) {
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

    /** A share: a number in [low, 1), or (0, 1) when {@code zeroAllowed} is false. */
    double share(String key, double whenAbsent, boolean zeroAllowed) {
        String value = values.get(key);
        if (value == null) {
            return whenAbsent;
        }
        double parsed;
        try {
            parsed = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            problems.add(key + " must be a number: '" + value + "'");
            return whenAbsent;
        }
        boolean fits = zeroAllowed ? parsed >= 0.0 && parsed < 1.0 : parsed > 0.0 && parsed < 1.0;
        if (!fits) {
            problems.add(key + (zeroAllowed ? " must be at least 0 and less than 1: " : " must be strictly between 0 and 1: ")
                    + value.trim());
            return whenAbsent;
        }
        return parsed;
    }

    boolean bool(String key, boolean whenAbsent) {
        String value = values.get(key);
        if (value == null) {
            return whenAbsent;
        }
        String trimmed = value.trim();
        if (trimmed.equalsIgnoreCase("true")) {
            return true;
        }
        if (trimmed.equalsIgnoreCase("false")) {
            return false;
        }
        problems.add(key + " must be true or false: '" + value + "'");
        return whenAbsent;
    }
}
