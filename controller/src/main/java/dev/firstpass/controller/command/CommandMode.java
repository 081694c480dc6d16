package dev.firstpass.controller.command;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How kicks are commanded.
 *
 * <p>{@link #PERIODIC}, the default, sends one periodic schedule per assignment: the trainer then kicks
 * at exact epochs on its own, even while the controller is slow or down. {@link #ONE_SHOT} sends a
 * next-epoch command when the run reports the epoch a kick is due after: per-kick control, paid for with
 * kicks that land an epoch or more late whenever the command arrives after the trainer moved on.
 */
public enum CommandMode {
    PERIODIC("periodic"),
    ONE_SHOT("one-shot");

    private final String wireName;

    CommandMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /**
     * The mode named {@code text} ("periodic" or "one-shot", any case).
     *
     * @throws IllegalArgumentException naming the accepted values and the offending text
     */
    public static CommandMode parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (CommandMode mode : values()) {
            if (mode.wireName.equals(wanted)) {
                return mode;
            }
        }
        List<String> names = Arrays.stream(values()).map(CommandMode::wireName).toList();
        throw new IllegalArgumentException("must be " + String.join(" or ", names) + ": '" + text + "'");
    }
}
