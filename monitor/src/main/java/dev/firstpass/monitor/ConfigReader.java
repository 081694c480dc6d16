package dev.firstpass.monitor;

import dev.firstpass.core.fpt.trajectory.Direction;
import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.settings.SettingsReader;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads of string configuration that note what is wrong instead of throwing, so that one pass
 * finds every problem; each note names the key and the offending value.
 */
final class ConfigReader extends SettingsReader {


    ConfigReader(Map<String, String> values) {
        super(values);
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
}
