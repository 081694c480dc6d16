package dev.firstpass.monitor;

import java.util.List;

/** Topics the monitor needs are missing or cannot be read; each problem is one line saying what to do. */
public final class MonitorTopicsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public MonitorTopicsException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per topic, naming it and how to create it. */
    public List<String> problems() {
        return problems;
    }
}
