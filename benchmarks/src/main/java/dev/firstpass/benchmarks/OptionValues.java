package dev.firstpass.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark's command line of {@code --name value} pairs, each value checked as it is read; every
 * problem is collected so that one message names them all.
 */
final class OptionValues {

    private final Map<String, String> values = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    private OptionValues() {
    }

    /** Reads {@code args}; a name outside {@code known} is a problem. */
    static OptionValues parse(String[] args, List<String> known) {
        OptionValues options = new OptionValues();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("options come as --name value pairs: " + String.join(" ", args));
            }
            options.values.put(args[i].substring(2), args[++i]);
        }
        options.values.keySet().stream().filter(name -> !known.contains(name))
                .forEach(name -> options.problems.add("unknown option --" + name + " (known: " + known + ")"));
        return options;
    }

    /** The value given for {@code name}, or null. */
    String text(String name) {
        return values.get(name);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** Records a problem found by the caller, to be reported with the others. */
    void problem(String problem) {
        problems.add(problem);
    }

    /** The whole number given for {@code name}, at least 1, or {@code fallback} when not given or invalid. */
    long positive(String name, long fallback) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text);
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below with the value.
        }
        problems.add("--" + name + " must be a whole number of at least 1: " + text);
        return fallback;
    }

    /** Throws, naming every problem found, if there was one; {@code what} names the options. */
    void requireValid(String what) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid " + what + " options: " + String.join("; ", problems));
        }
    }
}
