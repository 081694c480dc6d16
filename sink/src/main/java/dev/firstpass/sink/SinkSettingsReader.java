package dev.firstpass.sink;

import dev.firstpass.core.settings.SettingsReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Typed reads of the sink's string settings that note what is wrong instead of throwing, so one pass
 * finds every problem; each note names the key, the rule and the offending value.
 */
final class SinkSettingsReader extends SettingsReader {

    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");


    SinkSettingsReader(Map<String, String> values) {
        super(values);
    }

    // A misspelt key silently ignored would leave its default in force while the operator believes otherwise.
    void rejectUnknown(Set<String> known, String prefix, String prefixUse) {
        for (String key : values.keySet()) {
            if (!known.contains(key) && !(key.startsWith(prefix) && key.length() > prefix.length())) {
                problem("unknown setting '" + key + "' (known: " + String.join(", ", new TreeSet<>(known))
                        + ", and " + prefix + "<name> " + prefixUse + ")");
            }
        }
    }

    /** Required text whose value is never shown in a message (a token). */
    String secret(String key) {
        String value = values.get(key);
        if (value == null) {
            problem(key + " is required");
            return null;
        }
        if (value.isBlank()) {
            problem(key + " must not be blank");
            return null;
        }
        return value.trim();
    }

    /** Comma-separated host:port pairs, as Kafka clients take them. */
    String hostPorts(String key) {
        String value = requiredText(key);
        if (value == null) {
            return null;
        }
        for (String server : value.split(",", -1)) {
            int colon = server.trim().lastIndexOf(':');
            String port = colon < 0 ? "" : server.trim().substring(colon + 1);
            if (colon <= 0 || !port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                problem(key + " must be host:port pairs separated by commas, such as kafka:9092: '" + value + "'");
                return null;
            }
        }
        return value;
    }

    /** An absolute http or https URL with a host. */
    String httpUrl(String key, String whenAbsent) {
        String value = text(key, whenAbsent);
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return value;
            }
        } catch (URISyntaxException e) {
            // Reported below with the rule.
        }
        problem(key + " must be an http or https URL such as http://influxdb:8086: '" + value + "'");
        return whenAbsent;
    }

    String topic(String key, String whenAbsent) {
        String value = text(key, whenAbsent);
        if (value == null) {
            return whenAbsent;
        }
        if (!TOPIC.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            problem(key + " must be a Kafka topic name (letters, digits, '.', '_', '-'; at most 249): '"
                    + value + "'");
            return whenAbsent;
        }
        return value;
    }
}
