package dev.firstpass.cli.train;

import dev.firstpass.cli.BadInputException;
import dev.firstpass.cli.CommandFailures;
import dev.firstpass.cli.ExitCodes;
import dev.firstpass.cli.LogDestination;
import dev.firstpass.cli.options.DeclaredOptions;
import dev.firstpass.cli.options.DeclaresSettings;
import dev.firstpass.cli.options.KafkaSecurityOptions;
import dev.firstpass.core.settings.SettingsReader;
import dev.firstpass.trainer.dataset.DataSplits;
import dev.firstpass.trainer.dataset.DatasetNotFoundException;
import dev.firstpass.trainer.model.EngineSettings;
import dev.firstpass.trainer.run.EndReason;
import dev.firstpass.trainer.run.MetricNames;
import dev.firstpass.trainer.run.RunOutcome;
import dev.firstpass.trainer.run.TrainingJob;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code firstpass train}: trains one run or a fleet of seeds with DJL, reports every epoch to Kafka
 * (or trains offline), optionally takes perturbation commands, perturbs on a local schedule, records
 * trajectories and checkpoints.
 */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpWidth = 100,
        modelTransformer = DeclaresSettings.AddOptions.class,
        description = {
            "Trains one run per seed (DJL, PyTorch engine) and reports each epoch's metrics to Kafka, or",
            "trains offline when no brokers are given. Runs that are killed resume from their checkpoints.",
            ""
        },
        footer = {
            "",
            "Exit status: 0 every run completed or stopped, 1 a run failed, 2 bad input.",
            "Example: firstpass train --dataset generated --seeds 0-3 --parallel 2 --threads 1 --epochs 10 \\",
            "           --kick shrink_perturb --every 5 --record arms/sp5"
        })
public final class TrainCommand implements Callable<Integer>, DeclaresSettings {

    static final DeclaredOptions OPTIONS = DeclaredOptions.of(TrainSettings.SETTINGS);

    @Spec
    private CommandSpec spec;

    @Override
    public DeclaredOptions declaredOptions() {
        return OPTIONS;
    }

    @Mixin
    private KafkaSecurityOptions kafkaSecurity = new KafkaSecurityOptions();

    @Option(names = "--quiet", description = "Show no progress on stderr.")
    private boolean quiet;

    @Option(names = CommandFailures.VERBOSE_OPTION, description = "Show stack traces of failures.")
    private boolean verbose;

    @Override
    public Integer call() throws InterruptedException {
        LogDestination.consoleWarningsOnly();
        TrainPlan plan = plan();
        // Before anything loads libtorch: offline mode and the thread count are read once, at load.
        EngineSettings.prepare(plan.threads());
        DataSplits data = load(plan);
        PrintWriter err = spec.commandLine().getErr();
        List<String> runIds = plan.seeds().stream().map(plan::runIdOf).toList();
        ProgressBoard progress = quiet ? null
                : new ProgressBoard(err, System.console() != null, runIds);
        List<TrainingJob> jobs = new ArrayList<>();
        try {
            for (long seed : plan.seeds()) {
                jobs.add(plan.job(seed, data, progress));
            }
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        List<RunOutcome> outcomes = new FleetRunner(plan.parallel()).run(jobs);
        printSummary(spec.commandLine().getOut(), outcomes);
        boolean allFine = outcomes.stream()
                .allMatch(o -> o.reason() == EndReason.COMPLETED || o.reason() == EndReason.STOPPED);
        return allFine ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /**
     * The validated plan.
     *
     * @throws BadInputException listing every problem, each naming the option (or variable) and the value
     */
    private TrainPlan plan() {
        SettingsReader in = SettingsReader.of(OPTIONS.values(spec));
        TrainPlan plan = TrainPlan.read(in, System.getenv(TrainPlan.COMMAND_KEYS_VARIABLE), kafkaSecurity);
        if (plan == null) {
            throw new BadInputException(in.problems().stream().map(problem -> OPTIONS.explain(problem, spec)).toList());
        }
        return plan;
    }

    private static DataSplits load(TrainPlan plan) {
        try {
            return plan.loadData();
        } catch (DatasetNotFoundException | UncheckedIOException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    private static void printSummary(PrintWriter out, List<RunOutcome> outcomes) {
        int width = Math.max(3, outcomes.stream().mapToInt(o -> o.runId().length()).max().orElse(3));
        String row = "%-" + width + "s  %-9s  %7s  %7s  %13s  %5s%n";
        out.printf(Locale.ROOT, row, "run", "reason", "segment", "epochs", "test_accuracy", "kicks");
        for (RunOutcome outcome : outcomes) {
            Double accuracy = outcome.lastMetrics().get(MetricNames.TEST_ACCURACY);
            out.printf(Locale.ROOT, row, outcome.runId(), outcome.reason().name().toLowerCase(Locale.ROOT),
                    outcome.segment(), outcome.lastEpoch(),
                    accuracy == null ? "-" : String.format(Locale.ROOT, "%.4f", accuracy),
                    outcome.perturbationsApplied());
        }
        out.flush();
    }
}
