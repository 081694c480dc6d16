package dev.firstpass.core.settings;

import java.util.Objects;

/**
 * One thing wrong with a configuration, as data: which setting, the value given and the rule it breaks,
 * so that a command line can restate it in terms of its own option without parsing a message.
 *
 * @param setting the setting's key, or null for a problem of no single setting (two that conflict)
 * @param value the offending value as given, or null when there was none (a required setting left out)
 *     or it must not be shown (a password)
 * @param rule what the value must be, e.g. "must be at least 1"; a rule that is not a "must" or "is" phrase is
 *     a detail of its own (another component's sentence about the setting) and follows a colon
 */
public record Problem(String setting, String value, String rule) {

    public Problem {
        Objects.requireNonNull(rule, "rule");
    }

    /** A problem of {@code setting} with {@code value}. */
    public static Problem of(String setting, String value, String rule) {
        return new Problem(setting, value, rule);
    }

    /** A problem that concerns no single setting, or whose text already says everything. */
    public static Problem general(String text) {
        return new Problem(null, null, text);
    }

    /** The problem in the words of whatever names the setting ({@code name}: a key, an option or a variable). */
    public String message(String name) {
        String subject = name == null ? "" : name + (rule.startsWith("must ") || rule.startsWith("is ") ? " " : ": ");
        return subject + rule + (value == null ? "" : ": '" + value + "'");
    }

    /** The problem in terms of its setting's key, e.g. "min.runs must be at least 1: '0'". */
    public String message() {
        return message(setting);
    }

    @Override
    public String toString() {
        return message();
    }
}
