package dev.firstpass.cli.options;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects every problem with the options of one command, so the user sees all of them at once
 * rather than fixing them one run at a time. Each check names the option, the rule and the value.
 */
public final class OptionProblems {
    private final List<String> problems = new ArrayList<>();

    public void add(String problem) {
        problems.add(problem);
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public List<String> asList() {
        return List.copyOf(problems);
    }

    /**
     * A value read by its type's own parser (an enum's {@code parse}), whose message is recorded after the
     * option's name when it fails; null then.
     */
    public <T> T parsed(String option, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            add(option + ": " + e.getMessage());
            return null;
        }
    }

    /** A whole number of at least {@code minimum}; {@code minimum} when it is not one (a problem is recorded). */
    public int wholeNumber(String option, String text, int minimum) {
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            add(option + " must be a whole number: " + text);
            return minimum;
        }
        if (value < minimum) {
            add(option + " must be at least " + minimum + ": " + text.trim());
            return minimum;
        }
        if (value > Integer.MAX_VALUE) {
            add(option + " must be at most " + Integer.MAX_VALUE + ": " + text.trim());
            return minimum;
        }
        return (int) value;
    }

    /** Any whole number (a seed); 0 when it is not one (a problem is recorded). */
    public long anyWholeNumber(String option, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            add(option + " must be a whole number: " + text);
            return 0L;
        }
    }

    /** A number strictly between 0 and 1 (a level or a confidence); 0.5 when it is not (a problem is recorded). */
    public double openUnitInterval(String option, String text) {
        double value;
        try {
            value = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            add(option + " must be a number: " + text);
            return 0.5;
        }
        if (!(value > 0.0 && value < 1.0)) {
            add(option + " must be strictly between 0 and 1: " + text.trim());
            return 0.5;
        }
        return value;
    }
}
