package dev.firstpass.cli.analyze;

import dev.firstpass.cli.BadInputException;
import dev.firstpass.cli.CommandFailures;
import dev.firstpass.cli.ConsoleProgress;
import dev.firstpass.cli.ExitCodes;
import dev.firstpass.cli.options.ArmLocation;
import dev.firstpass.cli.report.HtmlReport;
import dev.firstpass.cli.report.JsonReport;
import dev.firstpass.cli.report.ReportSources;
import dev.firstpass.cli.report.TextReport;
import dev.firstpass.core.fpt.analysis.ExperimentInput;
import dev.firstpass.core.fpt.analysis.ExperimentReport;
import dev.firstpass.core.fpt.analysis.FirstPassageAnalysis;
import dev.firstpass.core.fpt.analysis.ProgressListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code firstpass analyze}: reads recorded arms, runs the first-passage analysis and prints the
 * predictions beside what the measured arms saw, as a table, as JSON, and optionally as an HTML report.
 */
@Command(name = "analyze",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpWidth = 100,
        customSynopsis = {
            "firstpass analyze --baseline=DIR --metric=NAME --target=X[,X...]... [--probe=DIR[:TAU]]",
            "                  [--kind=KIND] [--arm=DIR[:TAU]]... [--direction=max|min] [--json]",
            "                  [--report=DIR] [--bootstrap=N] [--seed=N] [--confidence=P] [--alpha=P]",
            "                  [--qss-window=N] [--min-runs=N] [--tau-max=N] [--quiet] [--verbose]"
        },
        description = {
            "Predicts the mean first-passage time (MFPT) to each target under periodic perturbations of",
            "every period tau, from an unperturbed baseline and one probe arm, and compares the",
            "predictions with the arms that were measured. An arm folder holds one CSV per run: a header",
            "row of metric names, then one row per epoch.",
            ""
        },
        footer = {
            "",
            "Exit status: 0 done, 1 unexpected failure, 2 bad input (options, folders, files or data).",
            "In --json output a null number is not a finite value: unknown, or infinite (never passes)."
        })
public final class AnalyzeCommand implements Callable<Integer> {
    /** The tuning options whose defaults come from the environment, and the variables they come from. */
    private static final Map<String, String> ENVIRONMENT_DEFAULTS = Map.of(
            "--bootstrap", "FIRSTPASS_BOOTSTRAP", "--seed", "FIRSTPASS_SEED", "--confidence", "FIRSTPASS_CONFIDENCE",
            "--alpha", "FIRSTPASS_ALPHA", "--qss-window", "FIRSTPASS_QSS_WINDOW", "--min-runs", "FIRSTPASS_MIN_RUNS",
            "--tau-max", "FIRSTPASS_TAU_MAX");

    @Spec
    private CommandSpec spec;

    @Option(names = "--baseline", paramLabel = "DIR",
            description = "Folder of the unperturbed runs (required).")
    private String baseline;

    @Option(names = "--probe", paramLabel = "DIR[:TAU]",
            description = "Folder of the probe arm, kicked every TAU epochs (TAU from the suffix or the trailing"
                    + " number of the folder name). Required unless --kind full_reset.")
    private String probe;

    @Option(names = "--kind", paramLabel = "KIND", defaultValue = "shrink_perturb",
            description = "Perturbation: shrink_perturb, partial_reset, full_reset, warm_restart or weight_noise."
                    + " Default: ${DEFAULT-VALUE}.")
    private String kind;

    @Option(names = {"--arm", "--arms"}, paramLabel = "DIR[:TAU]", arity = "1..*",
            description = "Other measured arms to compare the predictions with (repeatable, and several folders"
                    + " may follow one flag, as a shell glob gives them; the probe and repeats are compared once).")
    private List<String> arms = new ArrayList<>();

    @Option(names = "--metric", paramLabel = "NAME", description = "Column of the CSV files to analyse (required).")
    private String metric;

    @Option(names = "--direction", paramLabel = "max|min", defaultValue = "max",
            description = "Whether higher (max: accuracy) or lower (min: loss) is better. Default: ${DEFAULT-VALUE}.")
    private String direction;

    @Option(names = "--target", paramLabel = "X", split = ",",
            description = "Threshold of the metric; repeatable and accepts lists such as 55,56,57 (at least one).")
    private List<String> targets = new ArrayList<>();

    @Option(names = "--json", description = "Write one JSON document to stdout instead of the table.")
    private boolean json;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Also write an HTML report with PNG plots into DIR (created if missing).")
    private Path report;

    @Option(names = "--bootstrap", paramLabel = "N", defaultValue = "${env:FIRSTPASS_BOOTSTRAP:-1000}",
            description = "Bootstrap resamples behind every interval (env FIRSTPASS_BOOTSTRAP). Default: ${DEFAULT-VALUE}.")
    private String bootstrap;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "${env:FIRSTPASS_SEED:-20250206}",
            description = "Seed of the resampling, for reproducible intervals (env FIRSTPASS_SEED). Default: ${DEFAULT-VALUE}.")
    private String seed;

    @Option(names = "--confidence", paramLabel = "P", defaultValue = "${env:FIRSTPASS_CONFIDENCE:-0.95}",
            description = "Two-sided level of the intervals (env FIRSTPASS_CONFIDENCE). Default: ${DEFAULT-VALUE}.")
    private String confidence;

    @Option(names = "--alpha", paramLabel = "P", defaultValue = "${env:FIRSTPASS_ALPHA:-0.05}",
            description = "Level of the KS tests that detect the steady state (env FIRSTPASS_ALPHA). Default: ${DEFAULT-VALUE}.")
    private String alpha;

    @Option(names = "--qss-window", paramLabel = "N", defaultValue = "${env:FIRSTPASS_QSS_WINDOW:-10}",
            description = "Epochs the ensemble must stay steady (env FIRSTPASS_QSS_WINDOW). Default: ${DEFAULT-VALUE}.")
    private String qssWindow;

    @Option(names = "--min-runs", paramLabel = "N", defaultValue = "${env:FIRSTPASS_MIN_RUNS:-8}",
            description = "Fewest runs a steady-state test may use (env FIRSTPASS_MIN_RUNS). Default: ${DEFAULT-VALUE}.")
    private String minRuns;

    @Option(names = "--tau-max", paramLabel = "N", defaultValue = "${env:FIRSTPASS_TAU_MAX:-0}",
            description = "Longest period predicted; 0 = the longest run or arm period (env FIRSTPASS_TAU_MAX)."
                    + " Default: ${DEFAULT-VALUE}.")
    private String tauMax;

    @Option(names = "--quiet", description = "Show no progress on stderr.")
    private boolean quiet;

    @Option(names = CommandFailures.VERBOSE_OPTION, description = "Show stack traces of unexpected failures.")
    private boolean verbose;

    /** The options as typed, for validation. */
    private AnalyzeOptions options() {
        return new AnalyzeOptions(baseline, probe, kind, arms, metric, direction, targets, json, report, bootstrap,
                seed, confidence, alpha, qssWindow, minRuns, tauMax, quiet);
    }

    @Override
    public Integer call() {
        AnalysisPlan plan = validatedPlan();
        ExperimentReport result = analyze(plan);
        PrintWriter out = spec.commandLine().getOut();
        ReportSources sources = new ReportSources(plan.baseline(), plan.probe().map(ArmLocation::folder));
        if (plan.json()) {
            out.println(JsonReport.toJson(result, sources));
        } else {
            out.print(TextReport.render(result, sources));
        }
        out.flush();
        if (plan.reportFolder().isPresent()) {
            Path index = writeReport(plan.reportFolder().get(), result, sources);
            if (!plan.quiet()) {
                spec.commandLine().getErr().println("firstpass analyze: report written to " + index);
                spec.commandLine().getErr().flush();
            }
        }
        return ExitCodes.OK;
    }

    /** A folder that cannot be created or written is a problem with the --report value the user gave. */
    private static Path writeReport(Path folder, ExperimentReport result, ReportSources sources) {
        try {
            return HtmlReport.write(folder, result, sources);
        } catch (IOException e) {
            // NIO's messages are often just the path; the exception's name says what went wrong.
            throw new BadInputException("--report folder cannot be written: " + folder + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    /**
     * The plan, or every problem with the options; a bad value that came from an environment variable
     * rather than the command line says so, or the user would look for it in the wrong place.
     */
    private AnalysisPlan validatedPlan() {
        try {
            return options().toPlan();
        } catch (BadInputException e) {
            List<String> problems = new ArrayList<>();
            for (String problem : e.problems()) {
                problems.add(ENVIRONMENT_DEFAULTS.entrySet().stream()
                        .filter(entry -> problem.startsWith(entry.getKey() + " ")
                                && !spec.commandLine().getParseResult().hasMatchedOption(entry.getKey())
                                && System.getenv(entry.getValue()) != null)
                        .findFirst()
                        .map(entry -> problem + " (from the environment variable " + entry.getValue() + ")")
                        .orElse(problem));
            }
            throw new BadInputException(problems);
        }
    }

    /** Reads the arms and analyses them; what the files or the data cannot support is bad input (exit 2). */
    private ExperimentReport analyze(AnalysisPlan plan) {
        PrintWriter err = spec.commandLine().getErr();
        ConsoleProgress console = System.console() != null
                ? ConsoleProgress.onTerminal(err)
                : ConsoleProgress.inQuarterLines(err);
        ProgressListener progress = plan.quiet() ? ProgressListener.SILENT : console;
        try {
            ExperimentInput input = ExperimentLoader.load(plan);
            return FirstPassageAnalysis.analyze(input, plan.targets(), plan.settings(), progress);
        } catch (IllegalArgumentException e) {
            // The core reports unusable files (RecordingException) and data that cannot support the
            // analysis (too few runs, a target nobody reaches) this way, with messages meant for users.
            throw new BadInputException(e.getMessage());
        } finally {
            console.finish();
        }
    }
}
