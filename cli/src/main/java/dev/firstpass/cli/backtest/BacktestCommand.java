package dev.firstpass.cli.backtest;

import dev.firstpass.cli.BadInputException;
import dev.firstpass.cli.CommandFailures;
import dev.firstpass.cli.ConsoleProgress;
import dev.firstpass.cli.ExitCodes;
import dev.firstpass.cli.options.ArmLocation;
import dev.firstpass.cli.options.OptionProblems;
import dev.firstpass.controller.ControllerConfig;
import dev.firstpass.controller.command.CommandMode;
import dev.firstpass.controller.policy.PolicySettings;
import dev.firstpass.core.fpt.analysis.AnalysisSettings;
import dev.firstpass.core.fpt.analysis.ProgressListener;
import dev.firstpass.core.fpt.qss.QssSettings;
import dev.firstpass.core.fpt.trajectory.Direction;
import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.fpt.trajectory.Trajectory;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.recording.RecordingFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code firstpass backtest}: replays the controller's policy, with the monitor's statistics, on a
 * recorded grid, beside a uniform grid search, successive halving, the oracle's best fixed period and
 * the baseline, and reports how close each strategy's adopted period is to the best measured one.
 */
@Command(name = "backtest",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpWidth = 100,
        description = {
            "Replays FirstPass's policy on a recorded grid (a baseline folder and arm folders at many periods,",
            "as for analyze): runs arrive one after another, the policy gives each a period, and the run is",
            "trained by revealing an unused recorded run of that arm epoch by epoch. Reports per target the",
            "adopted period, its regret against the best measured arm, the epochs spent exploring and the",
            "fleet's mean time to target, over many seeds, beside a uniform grid, successive halving, the",
            "oracle's best fixed period and the baseline.",
            ""
        },
        footer = {"", "Exit status: 0 done, 1 unexpected failure, 2 bad input (options, folders, files or data)."})
public final class BacktestCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--baseline", paramLabel = "DIR", required = true, description = "Folder of the unperturbed runs.")
    private String baseline;

    @Option(names = {"--arm", "--arms"}, paramLabel = "DIR[:TAU]", arity = "1..*", required = true,
            description = "Arm folders of the grid, kicked every TAU epochs (repeatable; a shell glob works).")
    private List<String> arms = new ArrayList<>();

    @Option(names = "--metric", paramLabel = "NAME", required = true, description = "Column to reach the target on.")
    private String metric;

    @Option(names = "--direction", paramLabel = "max|min", defaultValue = "max",
            description = "Whether higher (max) or lower (min) is better. Default: ${DEFAULT-VALUE}.")
    private String direction;

    @Option(names = "--target", paramLabel = "X", split = ",", required = true,
            description = "Targets, each backtested on its own (a list such as 55,56,57).")
    private List<String> targets = new ArrayList<>();

    @Option(names = "--kind", paramLabel = "KIND", defaultValue = "shrink_perturb",
            description = "The perturbation the arms received. Default: ${DEFAULT-VALUE}.")
    private String kind;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "20", description = "Seeds. Default: ${DEFAULT-VALUE}.")
    private String seeds;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "200",
            description = "Runs the fleet trains, one after another. Default: ${DEFAULT-VALUE}.")
    private String runs;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "8",
            description = "Runs training at once. Default: ${DEFAULT-VALUE}.")
    private String concurrency;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "First seed. Default: ${DEFAULT-VALUE}.")
    private String seed;

    @Option(names = "--min-runs", paramLabel = "N",
            description = "The policy's runs per probe (the reference probe, a further probe in full; a further"
                    + " probe's first group is half of it). Default: the controller's.")
    private String minRuns;

    @Option(names = "--baseline-runs", paramLabel = "N",
            description = "Unperturbed runs the policy observes the baseline with (and the fewest the monitor's"
                    + " steady-state test uses). Default: the controller's.")
    private String baselineRuns;

    @Option(names = "--refine-probes", paramLabel = "N",
            description = "Further probes below the validity floor; 0 adopts the reference's tau*."
                    + " Default: the controller's.")
    private String refineProbes;

    @Option(names = "--holdout-share", paramLabel = "P", defaultValue = "0",
            description = "Share of the runs the policy keeps unperturbed while exploiting, to watch the baseline"
                    + " (the controller keeps some by default); a backtest"
                    + " measures the search, so none by default. Default: ${DEFAULT-VALUE}.")
    private String holdoutShare;

    @Option(names = "--grid-runs", paramLabel = "N",
            description = "Runs per arm of the uniform grid. Default: --min-runs, as many as the policy measures its"
                    + " reference probe with.")
    private String gridRuns;

    @Option(names = "--halving-runs", paramLabel = "N",
            description = "Runs per arm in successive halving's first round. Default: a quarter of --grid-runs"
                    + " (at least 1).")
    private String halvingRuns;

    @Option(names = "--stats-every", paramLabel = "EPOCHS", defaultValue = "10",
            description = "The monitor's statistics interval, in epochs of the fleet's clock."
                    + " Default: ${DEFAULT-VALUE}.")
    private String statsEvery;

    @Option(names = "--bootstrap-resamples", paramLabel = "N", defaultValue = "100",
            description = "Bootstrap resamples behind the monitor's intervals. Default: ${DEFAULT-VALUE}.")
    private String bootstrap;

    @Option(names = "--json", description = "Write one JSON document to stdout instead of the table.")
    private boolean json;

    @Option(names = "--report", paramLabel = "DIR", description = "Also write an HTML report with a plot into DIR.")
    private Path report;

    @Option(names = "--quiet", description = "Show no progress on stderr.")
    private boolean quiet;

    @Option(names = CommandFailures.VERBOSE_OPTION, description = "Show stack traces of unexpected failures.")
    private boolean verbose;

    @Override
    public Integer call() {
        OptionProblems problems = new OptionProblems();
        Direction better = problems.parsed("--direction", () -> Direction.parse(direction));
        PerturbationKind perturbation = problems.parsed("--kind", () -> PerturbationKind.parse(kind));
        int seedCount = problems.wholeNumber("--seeds", seeds, 1);
        int fleetRuns = problems.wholeNumber("--runs", runs, 1);
        int atOnce = problems.wholeNumber("--concurrency", concurrency, 1);
        int firstSeed = problems.wholeNumber("--seed", seed, 0);
        int probeRuns = problems.wholeNumber("--min-runs",
                minRuns == null ? ControllerConfig.MIN_RUNS.defaultText() : minRuns, 2);
        int unperturbed = problems.wholeNumber("--baseline-runs",
                baselineRuns == null ? ControllerConfig.BASELINE_RUNS.defaultText() : baselineRuns, 4);
        int further = problems.wholeNumber("--refine-probes",
                refineProbes == null ? ControllerConfig.REFINE_PROBES.defaultText() : refineProbes, 0);
        int perArm = gridRuns == null ? probeRuns : problems.wholeNumber("--grid-runs", gridRuns, 1);
        int firstRound = halvingRuns == null ? Math.max(1, perArm / 4)
                : problems.wholeNumber("--halving-runs", halvingRuns, 1);
        int interval = problems.wholeNumber("--stats-every", statsEvery, 1);
        Double holdout = problems.parsed("--holdout-share", () -> share(holdoutShare));
        int resamples = problems.wholeNumber("--bootstrap-resamples", bootstrap, 0);
        List<Target> goals = new ArrayList<>();
        for (String text : targets) {
            Double value = problems.parsed("--target", () -> Double.parseDouble(text.trim()));
            if (value != null && better != null) {
                goals.add(better == Direction.MAX ? Target.atLeast(value) : Target.atMost(value));
            }
        }
        List<ArmLocation> locations = arms.stream().map(text -> ArmLocation.parse("--arm", "arm", text, problems))
                .toList();
        if (!Files.isDirectory(Path.of(baseline))) {
            problems.add("--baseline folder does not exist or is not a folder: " + baseline);
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(problems.asList());
        }
        RecordedGrid grid = load(locations);
        PolicySettings policy = new PolicySettings(0.0, perturbation, Map.of(), CommandMode.PERIODIC, 1, probeRuns,
                unperturbed, ControllerConfig.PROBE_SHARE.defaultValue(), 0,
                ControllerConfig.PROBE_MIN_PERIOD.defaultValue(), ControllerConfig.PROBE_PERIOD_STEP.defaultValue(),
                holdout, ControllerConfig.MAX_KICKS_PER_RUN.defaultValue(),
                ControllerConfig.HYSTERESIS_UPDATES.defaultValue(), false, ControllerConfig.SEED.defaultValue(),
                further, grid.periods(), true);
        QssSettings qss = new QssSettings(QssSettings.defaults().alpha(), QssSettings.defaults().window(), unperturbed);
        AnalysisSettings analysis = new AnalysisSettings(qss, resamples, AnalysisSettings.DEFAULT_CONFIDENCE,
                AnalysisSettings.DEFAULT_SEED, 0);
        Backtest backtest = new Backtest(grid, new FleetSettings(fleetRuns, atOnce, firstSeed), seedCount,
                policy, analysis, perturbation, interval, perArm, firstRound);
        return report(backtest, goals);
    }

    private int report(Backtest backtest, List<Target> goals) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConsoleProgress console = System.console() != null ? ConsoleProgress.onTerminal(err)
                : ConsoleProgress.inQuarterLines(err);
        ProgressListener progress = quiet ? ProgressListener.SILENT : console;
        List<TargetBacktest> results = new ArrayList<>();
        try {
            for (Target goal : goals) {
                TargetBacktest result = backtest.run(goal, progress);
                results.add(result);
                if (!json) {
                    out.println(BacktestTable.render(result, backtest.seeds(), uniformGridExploration(result)));
                    out.flush();
                }
            }
        } finally {
            console.finish();
        }
        if (json) {
            out.println(BacktestJson.toJson(results, backtest));
            out.flush();
        }
        if (report != null) {
            try {
                Path index = BacktestReport.write(report, results, backtest);
                if (!quiet) {
                    err.println("firstpass backtest: report written to " + index);
                    err.flush();
                }
            } catch (IOException e) {
                throw new BadInputException("--report folder cannot be written: " + report + " ("
                        + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            }
        }
        return ExitCodes.OK;
    }

    static long uniformGridExploration(TargetBacktest result) {
        return Math.round(result.strategy("uniform grid").explorationEpochs().median());
    }

    private RecordedGrid load(List<ArmLocation> locations) {
        try {
            List<Trajectory> unperturbed = RecordingFiles.readArm(Path.of(baseline), metric);
            TreeMap<Integer, List<Trajectory>> byPeriod = new TreeMap<>();
            for (ArmLocation location : locations) {
                List<Trajectory> runsOfArm = RecordingFiles.readArm(location.folder(), metric);
                if (byPeriod.putIfAbsent(location.period(), runsOfArm) != null) {
                    throw new IllegalArgumentException("two --arm folders are kicked every " + location.period()
                            + " epochs; a grid has one arm per period: " + location.folder());
                }
            }
            return new RecordedGrid(metric, unperturbed, byPeriod);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    private static double share(String text) {
        double value = Double.parseDouble(text.trim());
        if (!(value >= 0.0 && value < 1.0)) {
            throw new IllegalArgumentException("must be a share in [0, 1): " + text);
        }
        return value;
    }
}
