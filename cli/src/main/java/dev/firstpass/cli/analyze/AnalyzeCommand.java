package dev.firstpass.cli.analyze;

import dev.firstpass.cli.BadInputException;
import dev.firstpass.cli.CommandFailures;
import dev.firstpass.cli.ConsoleProgress;
import dev.firstpass.cli.ExitCodes;
import dev.firstpass.cli.options.ArmLocation;
import dev.firstpass.cli.options.DeclaredOptions;
import dev.firstpass.cli.options.DeclaresSettings;
import dev.firstpass.cli.report.HtmlReport;
import dev.firstpass.cli.report.JsonReport;
import dev.firstpass.cli.report.ReportSources;
import dev.firstpass.cli.report.TextReport;
import dev.firstpass.core.fpt.analysis.AnalysisSettings;
import dev.firstpass.core.fpt.analysis.ExperimentInput;
import dev.firstpass.core.fpt.analysis.ExperimentReport;
import dev.firstpass.core.fpt.analysis.FirstPassageAnalysis;
import dev.firstpass.core.fpt.analysis.ProgressListener;
import dev.firstpass.core.settings.SettingsReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        modelTransformer = DeclaresSettings.AddOptions.class,
        customSynopsis = {
            "firstpass analyze --baseline=DIR --metric=NAME --target=X[,X...]... [--probe=DIR[:TAU]]",
            "                  [--kind=KIND] [--arm=DIR[:TAU]]... [--direction=max|min] [--json]",
            "                  [--report=DIR] [--bootstrap-resamples=N] [--seed=N] [--confidence=P]",
            "                  [--qss-alpha=P] [--qss-window=N] [--qss-min-runs=N] [--tau-max=N] [--quiet]",
            "                  [--verbose]"
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
public final class AnalyzeCommand implements Callable<Integer>, DeclaresSettings {
    /** The analysis settings, as options. */
    static final DeclaredOptions OPTIONS = DeclaredOptions.of(AnalysisSettings.SETTINGS);

    @Spec
    private CommandSpec spec;

    @Override
    public DeclaredOptions declaredOptions() {
        return OPTIONS;
    }

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

    @Option(names = "--quiet", description = "Show no progress on stderr.")
    private boolean quiet;

    @Option(names = CommandFailures.VERBOSE_OPTION, description = "Show stack traces of unexpected failures.")
    private boolean verbose;

    /** The options as typed and the analysis settings as read, each problem in the words of the command line. */
    private AnalyzeOptions options() {
        SettingsReader in = SettingsReader.of(OPTIONS.values(spec));
        AnalysisSettings settings = AnalysisSettings.read(in);
        List<String> problems = in.problems().stream().map(problem -> OPTIONS.explain(problem, spec)).toList();
        return new AnalyzeOptions(baseline, probe, kind, arms, metric, direction, targets, json, report, settings,
                problems, quiet);
    }

    @Override
    public Integer call() {
        AnalysisPlan plan = options().toPlan();
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
