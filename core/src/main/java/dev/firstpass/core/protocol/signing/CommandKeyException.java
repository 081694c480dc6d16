package dev.firstpass.core.protocol.signing;

import java.util.List;

/**
 * Command keys that cannot be used, with every problem found; no message ever holds a secret.
 *
 * <p>A secret that is malformed is named by its key id or its position in the key text, never shown:
 * error messages end up in logs and terminals.
 */
public final class CommandKeyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public CommandKeyException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem on its own, naming the rule and the key id or entry. */
    public List<String> problems() {
        return problems;
    }
}
