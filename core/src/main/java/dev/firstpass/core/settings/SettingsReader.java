package dev.firstpass.core.settings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
    protected final List<Problem> problems = new ArrayList<>();

    protected SettingsReader(Map<String, String> values) {
        this.values = new TreeMap<>(values);
    }

    /** A reader of {@code values} with no reads of its own, for settings that belong to no component. */
    public static SettingsReader of(Map<String, String> values) {
        return new SettingsReader(values);
    }

    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** The problems in the words of their settings' keys. */
    public List<String> messages() {
        return problems.stream().map(Problem::message).toList();
    }

    public void problem(Problem problem) {
        problems.add(problem);
    }

    /** A problem whose text says everything, such as two settings that conflict. */
    public void problem(String text) {
        problems.add(Problem.general(text));
    }

    public void check(boolean holds, String problem) {
        if (!holds) {
            problem(problem);
        }
    }

    /**
     * The value of a declared setting: the given text read by its parser, else its default; null when it
     * is optional and absent, or when it breaks its rule (a problem is noted with the value as given).
     */
    public <T> T get(Setting<T> setting) {
        String value = values.get(setting.key());
        if (value == null) {
            if (setting.presence() == Setting.Presence.REQUIRED) {
                problems.add(Problem.of(setting.key(), null, "is required"));
            }
            return setting.defaultValue();
        }
        try {
            return setting.parser().parse(value);
        } catch (IllegalArgumentException e) {
            // A blank value is shown as given, or the message would show nothing at all.
            problems.add(Problem.of(setting.key(), value.isBlank() ? value : value.trim(), e.getMessage()));
            return null;
        }
    }

    /**
     * Notes every key that is neither declared nor under one of {@code prefixes}: a misspelt key silently
     * ignored would leave its default in force while the operator believes otherwise.
     */
    public void rejectUnknown(Collection<Setting<?>> declared, Set<String> alsoKnown,
            String knownPrefixes, String... prefixes) {
        Set<String> known = new TreeSet<>(alsoKnown);
        declared.forEach(setting -> known.add(setting.key()));
        for (String key : values.keySet()) {
            boolean prefixed = Arrays.stream(prefixes)
                    .anyMatch(prefix -> key.startsWith(prefix) && key.length() > prefix.length());
            if (!known.contains(key) && !prefixed) {
                problems.add(Problem.general("unknown configuration key '" + key + "' (known: "
                        + String.join(", ", known) + knownPrefixes + ")"));
            }
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
            problems.add(Problem.of(key, value, "must not be blank"));
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
            problems.add(Problem.of(key, null, "must not be blank"));
            return null;
        }
        return Secret.of(value);
    }

    public String requiredText(String key) {
        if (!values.containsKey(key)) {
            problems.add(Problem.of(key, null, "is required"));
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
            // These parsers put the value in their message themselves.
            String message = e.getMessage();
            problems.add(Problem.of(key, null, message.startsWith(key + " ") ? message.substring(key.length() + 1)
                    : message));
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
            problems.add(Problem.of(key, value, "must be a whole number"));
            return whenAbsent;
        }
        if (parsed < min) {
            problems.add(Problem.of(key, value.trim(), "must be at least " + min));
            return whenAbsent;
        }
        return parsed;
    }
}
