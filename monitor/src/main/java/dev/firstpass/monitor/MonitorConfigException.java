package dev.firstpass.monitor;

import java.util.List;

/** A {@link MonitorConfig} that cannot be used, with every problem found in it. */
public final class MonitorConfigException extends IllegalArgumentException {

    private final List<String> problems;

    public MonitorConfigException(List<String> problems) {
        super("invalid monitor configuration: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem names the key and the offending value. */
    public List<String> problems() {
        return problems;
    }
}
