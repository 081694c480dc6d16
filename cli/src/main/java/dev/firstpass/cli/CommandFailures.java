package dev.firstpass.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one line each on stderr, "firstpass analyze: message", and an exit status:
 * bad input (options picocli rejects, {@link BadInputException}) exits 2, anything else exits 1.
 * Stack traces are for developers, so they appear only with {@code --verbose}.
 */
public final class CommandFailures implements IExecutionExceptionHandler, IParameterExceptionHandler {
    public static final String VERBOSE_OPTION = "--verbose";

    private CommandFailures() {
    }

    /** Installs the handlers on a command and all its subcommands. */
    public static void installOn(CommandLine commandLine) {
        CommandFailures failures = new CommandFailures();
        commandLine.setExecutionExceptionHandler(failures);
        commandLine.setParameterExceptionHandler(failures);
    }

    @Override
    public int handleParseException(ParameterException exception, String[] args) {
        CommandLine commandLine = exception.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println(prefix(commandLine) + exception.getMessage() + " (see "
                + commandLine.getCommandSpec().qualifiedName() + " --help)");
        err.flush();
        return ExitCodes.BAD_INPUT;
    }

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (exception instanceof BadInputException badInput) {
            badInput.problems().forEach(problem -> err.println(prefix(commandLine) + problem));
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        String message = exception.getMessage() == null || exception.getMessage().isBlank()
                ? exception.getClass().getSimpleName()
                : exception.getMessage();
        err.println(prefix(commandLine) + "unexpected failure: " + message);
        if (verbose(commandLine)) {
            exception.printStackTrace(err);
        } else {
            err.println("Run again with " + VERBOSE_OPTION + " for the stack trace.");
        }
        err.flush();
        return ExitCodes.FAILURE;
    }

    private static boolean verbose(CommandLine commandLine) {
        ParseResult own = commandLine.getParseResult();
        return own != null && own.hasMatchedOption(VERBOSE_OPTION);
    }

    private static String prefix(CommandLine commandLine) {
        return commandLine.getCommandSpec().qualifiedName() + ": ";
    }
}
