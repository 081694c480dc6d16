package dev.firstpass.cli;

import java.util.List;

/**
 * Input a command cannot work with, with every problem found, each naming the offending value and
 * the rule it breaks. Reported as one line per problem and exit status {@link ExitCodes#BAD_INPUT}.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public BadInputException(List<String> problems) {
        super(String.join("; ", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("bad input needs at least one problem to report");
        }
        this.problems = List.copyOf(problems);
    }

    public BadInputException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
