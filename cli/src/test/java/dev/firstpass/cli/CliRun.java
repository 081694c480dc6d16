package dev.firstpass.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One execution of the firstpass command line, as main runs it, with what it wrote to stdout and stderr. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun execute(String... args) {
        return execute(FirstPassCommand.commandLine(), args);
    }

    public static CliRun execute(CommandLine commandLine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }
}
