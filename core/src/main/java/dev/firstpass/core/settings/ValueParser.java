package dev.firstpass.core.settings;

/**
 * Turns the text of one setting into its typed value.
 *
 * <p>A value that breaks the rule throws {@link IllegalArgumentException} whose message is the rule alone
 * ("must be at least 1"); the reader adds the setting and the offending value, so every message says
 * them the same way.
 */
@FunctionalInterface
public interface ValueParser<T> {

    T parse(String text);
}
