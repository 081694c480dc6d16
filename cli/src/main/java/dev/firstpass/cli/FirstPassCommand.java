package dev.firstpass.cli;

import dev.firstpass.cli.analyze.AnalyzeCommand;
import dev.firstpass.cli.backtest.BacktestCommand;
import dev.firstpass.cli.broker.BrokerCommand;
import dev.firstpass.cli.controller.ControllerCommand;
import dev.firstpass.cli.demo.DemoCommand;
import dev.firstpass.cli.monitor.MonitorCommand;
import dev.firstpass.cli.replay.ReplayCommand;
import dev.firstpass.cli.sink.SinkCommand;
import dev.firstpass.cli.train.TrainCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code firstpass} command: first-passage analysis of training runs that plateau.
 *
 * <p>{@link #commandLine()} is the one place the command tree and its error handling are put
 * together; {@code main} and the tests both use it, so the tests exercise what users run.
 */
@Command(name = "firstpass",
        mixinStandardHelpOptions = true,
        versionProvider = FirstPassVersion.class,
        description = "First-passage analysis of training runs that plateau: when does a run reach a target,"
                + " and would periodic perturbations get it there sooner?",
        subcommands = {DemoCommand.class, AnalyzeCommand.class, BacktestCommand.class, TrainCommand.class,
            MonitorCommand.class, ControllerCommand.class, ReplayCommand.class, SinkCommand.class, BrokerCommand.class})
public final class FirstPassCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree with its error handling, ready to execute. */
    public static CommandLine commandLine() {
        // Charts are drawn off-screen; without this AWT may look for a display and fail on servers.
        System.setProperty("java.awt.headless", "true");
        CommandLine commandLine = new CommandLine(new FirstPassCommand());
        CommandFailures.installOn(commandLine);
        return commandLine;
    }

    /** Without a subcommand there is nothing to do: show what there is and report a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.BAD_INPUT;
    }
}
