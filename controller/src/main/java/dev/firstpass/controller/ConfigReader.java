package dev.firstpass.controller;

import dev.firstpass.core.settings.SettingsReader;
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

    // A misspelt key silently ignored would leave its default in force while the operator believes otherwise.
    void rejectUnknown(Set<String> known, String prefix) {
        for (String key : values.keySet()) {
            if (!known.contains(key) && !(key.startsWith(prefix) && key.length() > prefix.length())) {
                problems.add("unknown configuration key '" + key + "' (known: " + String.join(", ", new TreeSet<>(known))
                        + ", and " + prefix + "<name> for the Kafka clients)");
            }
        }
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

    /** The value of a secret, null when absent; unlike {@link #text}, a problem never shows it. */
    String secret(String key) {
        String value = values.get(key);
        if (value != null && value.isBlank()) {
            problems.add(key + " must not be blank");
            return null;
        }
        return value;
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
