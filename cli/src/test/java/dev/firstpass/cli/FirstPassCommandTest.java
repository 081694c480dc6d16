package dev.firstpass.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class FirstPassCommandTest {

    @Test
    void versionNamesTheProjectVersion() {
        CliRun run = CliRun.execute("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("firstpass " + FirstPassVersion.projectVersion() + "\n");
        assertThat(FirstPassVersion.projectVersion()).isNotEqualTo("unknown").doesNotContain("${");
    }

    @Test
    void helpListsTheAnalyzeSubcommand() {
        CliRun run = CliRun.execute("-h");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: firstpass [-hV] [COMMAND]").contains("  analyze  ");
    }

    @Test
    void analyzeHelpShowsEnvironmentDefaults() {
        CliRun run = CliRun.execute("analyze", "--help");

        assertThat(run.exitCode()).isZero();
        // Help wraps long lines, so compare with whitespace collapsed.
        assertThat(run.out().replaceAll("\\s+", " ")).contains("--bootstrap-resamples=N")
                .contains("(env FIRSTPASS_BOOTSTRAP_RESAMPLES)")
                .contains("--probe=DIR[:TAU]").contains("Exit status: 0 done, 1 unexpected failure, 2 bad input");
    }

    @Test
    void withoutSubcommandUsageGoesToStderrWithExitTwo() {
        CliRun run = CliRun.execute();

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).startsWith("Usage: firstpass");
    }

    @Test
    void unexpectedFailureIsOneLineWithExitOneAndNoStackTrace() {
        CliRun run = CliRun.execute(failing());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).isEqualTo("fail: unexpected failure: disk on fire\n"
                + "Run again with --verbose for the stack trace.\n");
    }

    @Test
    void unexpectedFailureShowsStackTraceWithVerbose() {
        CliRun run = CliRun.execute(failing(), "--verbose");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).startsWith("fail: unexpected failure: disk on fire\n"
                + "java.lang.IllegalStateException: disk on fire\n")
                .contains("at dev.firstpass.cli.FirstPassCommandTest$Failing.call");
    }

    private static CommandLine failing() {
        CommandLine commandLine = new CommandLine(new Failing());
        CommandFailures.installOn(commandLine);
        return commandLine;
    }

    @Command(name = "fail")
    static final class Failing implements Callable<Integer> {
        @Option(names = CommandFailures.VERBOSE_OPTION)
        boolean verbose;

        @Override
        public Integer call() {
            throw new IllegalStateException("disk on fire");
        }
    }
}
