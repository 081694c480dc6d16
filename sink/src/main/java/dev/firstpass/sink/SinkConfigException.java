package dev.firstpass.sink;

import java.util.List;

/** A {@link SinkConfig} that cannot be used, with every problem found in it. */
public final class SinkConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public SinkConfigException(List<String> problems) {
        super("invalid sink configuration: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem names the setting, the rule and the offending value. */
    public List<String> problems() {
        return problems;
    }
}
