package dev.firstpass.monitor;

import dev.firstpass.core.fpt.trajectory.Direction;
import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.protocol.PerturbationKind;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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

    void check(boolean holds, String problem) {
        if (!holds) {
            problems.add(problem);
        }
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

    // A misspelt key silently ignored would leave its default in force while the operator believes
    // otherwise. Keys under the input prefix are checked by the input adapter's own settings reader.
    void rejectUnknown(Set<String> known, String inputPrefix, String streamsPrefix) {
        for (String key : values.keySet()) {
            if (!known.contains(key) && !key.startsWith(inputPrefix)
                    && !(key.startsWith(streamsPrefix) && key.length() > streamsPrefix.length())) {
                problems.add("unknown configuration key '" + key + "' (known: " + String.join(", ", new TreeSet<>(known))
                        + ", " + inputPrefix + "<format>.<option> for the input adapter, and " + streamsPrefix
                        + "<name> for Kafka Streams)");
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

    Path path(String key, Path whenAbsent) {
        String value = text(key, null);
        if (value == null) {
            return whenAbsent;
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            problems.add(key + " must be a path: '" + value + "' (" + e.getReason() + ")");
            return whenAbsent;
        }
    }

    <T> T parsed(String key, T whenAbsent, Function<String, T> parser) {
        String value = values.get(key);
        if (value == null) {
            return whenAbsent;
        }
        try {
            return parser.apply(value.trim());
        } catch (IllegalArgumentException e) {
            // Core's parsers already name their field ("direction must be ..."); ours say "must be ...".
            String message = e.getMessage();
            problems.add(message.startsWith(key + " ") ? message : key + " " + message);
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

    /** Comma-separated, distinct, finite thresholds, all in {@code direction}. */
    List<Target> targets(String key, Direction direction) {
        String value = values.get(key);
        if (value == null) {
            problems.add(key + " is required: one or more numbers, comma separated");
            return List.of();
        }
        Set<Double> thresholds = new LinkedHashSet<>();
        for (String item : Arrays.stream(value.split(",", -1)).map(String::trim).toList()) {
            Double threshold = null;
            try {
                threshold = number(item);
            } catch (IllegalArgumentException e) {
                problems.add(key + " must be finite numbers, comma separated: '" + item + "' in '" + value + "'");
            }
            if (threshold != null && !thresholds.add(threshold)) {
                problems.add(key + " must not repeat a target: " + item + " in '" + value + "'");
            }
        }
        return thresholds.stream().map(t -> new Target(t, direction)).toList();
    }

    static double number(String text) {
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a number: '" + text + "'");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("must be a finite number: '" + text + "'");
        }
        return value;
    }

    static PerturbationKind perturbation(String text) {
        for (PerturbationKind kind : PerturbationKind.values()) {
            if (kind.wireName().equals(text.toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        List<String> names = Arrays.stream(PerturbationKind.values()).map(PerturbationKind::wireName).toList();
        throw new IllegalArgumentException("must be one of " + String.join(", ", names) + ": '" + text + "'");
    }
}
