package dev.firstpass.monitor.adapter;

import java.util.List;

/**
 * Input settings broke one or more rules; every problem is listed, each naming the setting, the rule
 * and the offending value, so a deployment is fixed in one round trip.
 */
public final class InvalidSettingsException extends IllegalArgumentException {

    private final List<String> problems;

    /** Reports the given problems, in order; there must be at least one. */
    public InvalidSettingsException(List<String> problems) {
        super(String.join("; ", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an InvalidSettingsException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in the order of the settings; the message joins them with "; ". */
    public List<String> problems() {
        return problems;
    }
}
