package dev.firstpass.controller;

import java.util.List;

/** The controller's configuration is not usable; carries every problem found, each naming the key and value. */
public final class ControllerConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ControllerConfigException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
