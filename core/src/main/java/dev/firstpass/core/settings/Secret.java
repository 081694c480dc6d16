package dev.firstpass.core.settings;

import java.util.Objects;

/**
 * A password or token that never shows in a log line, an exception message or a {@code toString}.
 *
 * <p>{@link #reveal()} is the one way to the text, for the client configuration that needs it; equality
 * compares the texts, so values that hold a secret can still be compared in tests.
 */
public final class Secret {

    private final String text;

    private Secret(String text) {
        this.text = text;
    }

    /** A secret holding {@code text} exactly as given: spaces in a password are part of it. */
    public static Secret of(String text) {
        Objects.requireNonNull(text, "text");
        return new Secret(text);
    }

    /** The secret text; only for handing to the client that authenticates with it. */
    public String reveal() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return "[hidden]";
    }
}
