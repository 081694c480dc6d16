package dev.firstpass.core.settings;

import java.util.Locale;
import java.util.Objects;

/**
 * One setting of a component, declared once: its key, the command-line option and environment variable
 * that set it, how its text is read, its default and the line that documents it. Configuration classes
 * read it, the command line builds its option from it, and the docs' tables are checked against it.
 *
 * <p>The option and the variable follow from the key unless a declaration says otherwise: key
 * {@code min.runs} is option {@code --min-runs} and variable {@code FIRSTPASS_MIN_RUNS}.
 *
 * @param key the configuration key, e.g. "min.runs"
 * @param option the command-line option, e.g. "--min-runs"
 * @param environment the environment variable a missing option falls back to
 * @param label what the value looks like in help, e.g. "N" or "DURATION"
 * @param presence whether the setting is required, optional or has a default
 * @param defaultText the default value as text (for {@link Presence#DEFAULT}); for the others, what
 *     leaving it out means, for the docs
 * @param doc one line of what the setting does
 * @param parser reads the value
 * @param flag a boolean option that may be given without a value ({@code --dry-run} means true)
 * @param repeatable an option that may be given several times, each time a comma-separated list,
 *     joined into one comma-separated value
 */
public record Setting<T>(String key, String option, String environment, String label, Presence presence,
        String defaultText, String doc, ValueParser<T> parser, boolean flag, boolean repeatable) {

    /** Whether a setting must be given, may be left out, or falls back to a stated default. */
    public enum Presence { REQUIRED, OPTIONAL, DEFAULT }

    private static final String ENVIRONMENT_PREFIX = "FIRSTPASS_";

    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(option, "option");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(presence, "presence");
        Objects.requireNonNull(defaultText, "defaultText");
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(parser, "parser");
        if (!option.startsWith("--")) {
            throw new IllegalArgumentException("an option starts with --: " + option);
        }
    }

    /** A setting that must be given; {@code meaning} says what it is for the docs' default column. */
    public static <T> Setting<T> required(String key, String label, ValueParser<T> parser, String doc) {
        return new Setting<>(key, optionFor(key), variableFor(key), label, Presence.REQUIRED, "required", doc, parser,
                false, false);
    }

    /** A setting that may be left out; {@code whenAbsent} says what that means, e.g. "every experiment". */
    public static <T> Setting<T> optional(String key, String label, ValueParser<T> parser, String whenAbsent,
            String doc) {
        return new Setting<>(key, optionFor(key), variableFor(key), label, Presence.OPTIONAL, whenAbsent, doc, parser,
                false, false);
    }

    /** A setting whose value is {@code defaultText}, read like any given value, unless another is given. */
    public static <T> Setting<T> withDefault(String key, String label, ValueParser<T> parser, String defaultText,
            String doc) {
        return new Setting<>(key, optionFor(key), variableFor(key), label, Presence.DEFAULT, defaultText, doc, parser,
                false, false);
    }

    /** This setting set with another option than the one its key implies. */
    public Setting<T> withOption(String otherOption) {
        return new Setting<>(key, otherOption, environment, label, presence, defaultText, doc, parser, flag, repeatable);
    }

    /** This setting falling back to another environment variable than the one its key implies. */
    public Setting<T> withEnvironment(String variable) {
        return new Setting<>(key, option, variable, label, presence, defaultText, doc, parser, flag, repeatable);
    }

    /** This setting with another default, for a component whose use of it calls for one. */
    public Setting<T> defaultingTo(String otherDefault) {
        return new Setting<>(key, option, environment, label, Presence.DEFAULT, otherDefault, doc, parser, flag,
                repeatable);
    }

    /** This boolean setting as an option that means true when given alone. */
    public Setting<T> asFlag() {
        return new Setting<>(key, option, environment, label, presence, defaultText, doc, parser, true, repeatable);
    }

    /** This list setting as an option that may be repeated. */
    public Setting<T> asRepeatable() {
        return new Setting<>(key, option, environment, label, presence, defaultText, doc, parser, flag, true);
    }

    /** The value this setting has when nobody gives one: the parsed default, else null. */
    public T defaultValue() {
        return presence == Presence.DEFAULT ? parser.parse(defaultText) : null;
    }

    static String optionFor(String key) {
        return "--" + key.replace('.', '-');
    }

    static String variableFor(String key) {
        return ENVIRONMENT_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
