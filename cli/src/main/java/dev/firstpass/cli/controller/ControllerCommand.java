package dev.firstpass.cli.controller;

import dev.firstpass.cli.BadInputException;
import dev.firstpass.cli.CommandFailures;
import dev.firstpass.cli.options.KafkaSecurityOptions;
import dev.firstpass.cli.options.OptionProblems;
import dev.firstpass.controller.ControllerApp;
import dev.firstpass.controller.ControllerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code firstpass controller}: runs the controller against a Kafka cluster until Ctrl-C, printing where
 * each experiment stands every so often.
 */
@Command(name = "controller",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpWidth = 100,
        description = {
            "Watch the monitor's statistics and send perturbation commands to controllable runs: observe until",
            "the baseline is quasi-steady, probe a share of the runs at tau0, then kick the others every tau*",
            "once the monitor recommends it (docs/controller.md). Every decision goes to",
            "training.control.decisions. Runs until Ctrl-C.",
            ""
        },
        footer = {"", "Exit status: 0 stopped by Ctrl-C, 1 Kafka failure, 2 bad input."})
public final class ControllerCommand implements Callable<Integer> {

    /** Each option: the configuration key it sets and the environment variable its default comes from. */
    private static final List<Binding> BINDINGS = List.of(
            new Binding("--bootstrap-servers", ControllerConfig.BOOTSTRAP_SERVERS, "FIRSTPASS_BOOTSTRAP_SERVERS"),
            new Binding("--target", ControllerConfig.TARGET, "FIRSTPASS_CONTROLLER_TARGET"),
            new Binding("--experiments", ControllerConfig.EXPERIMENTS, "FIRSTPASS_CONTROLLER_EXPERIMENTS"),
            new Binding("--controller-id", ControllerConfig.CONTROLLER_ID, "FIRSTPASS_CONTROLLER_ID"),
            new Binding("--perturbation", ControllerConfig.PERTURBATION, "FIRSTPASS_PERTURBATION"),
            new Binding("--params", ControllerConfig.PERTURBATION_PARAMS, "FIRSTPASS_PERTURBATION_PARAMS"),
            new Binding("--mode", ControllerConfig.COMMAND_MODE, "FIRSTPASS_COMMAND_MODE"),
            new Binding("--lead-epochs", ControllerConfig.COMMAND_LEAD_EPOCHS, "FIRSTPASS_COMMAND_LEAD_EPOCHS"),
            new Binding("--min-runs", ControllerConfig.MIN_RUNS, "FIRSTPASS_CONTROLLER_MIN_RUNS"),
            new Binding("--probe-share", ControllerConfig.PROBE_SHARE, "FIRSTPASS_PROBE_SHARE"),
            new Binding("--probe-period", ControllerConfig.PROBE_PERIOD, "FIRSTPASS_PROBE_PERIOD"),
            new Binding("--probe-min-period", ControllerConfig.PROBE_MIN_PERIOD, "FIRSTPASS_PROBE_MIN_PERIOD"),
            new Binding("--probe-period-step", ControllerConfig.PROBE_PERIOD_STEP, "FIRSTPASS_PROBE_PERIOD_STEP"),
            new Binding("--holdout-share", ControllerConfig.HOLDOUT_SHARE, "FIRSTPASS_HOLDOUT_SHARE"),
            new Binding("--max-kicks", ControllerConfig.MAX_KICKS_PER_RUN, "FIRSTPASS_MAX_KICKS_PER_RUN"),
            new Binding("--hysteresis", ControllerConfig.HYSTERESIS_UPDATES, "FIRSTPASS_HYSTERESIS_UPDATES"),
            new Binding("--refine-probes", ControllerConfig.REFINE_PROBES, "FIRSTPASS_REFINE_PROBES"),
            new Binding("--experiment-retention-ms", ControllerConfig.EXPERIMENT_RETENTION_MS,
                    "FIRSTPASS_EXPERIMENT_RETENTION_MS"),
            new Binding("--seed", ControllerConfig.SEED, "FIRSTPASS_CONTROLLER_SEED"),
            new Binding("--dry-run", ControllerConfig.DRY_RUN, "FIRSTPASS_DRY_RUN"));

    private record Binding(String option, String key, String environment) {
    }

    /** Holds the signing key itself, id:base64secret; --command-key takes precedence. */
    static final String COMMAND_KEY_VARIABLE = "FIRSTPASS_COMMAND_KEY";

    @Spec
    private CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            defaultValue = "${env:FIRSTPASS_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka to connect to (env FIRSTPASS_BOOTSTRAP_SERVERS). Default: ${DEFAULT-VALUE}.")
    private String bootstrapServers;

    @Mixin
    private KafkaSecurityOptions kafkaSecurity = new KafkaSecurityOptions();

    @Option(names = "--target", paramLabel = "X", defaultValue = "${env:FIRSTPASS_CONTROLLER_TARGET}",
            description = "The target (one of the monitor's) whose statistics drive decisions; required"
                    + " (env FIRSTPASS_CONTROLLER_TARGET).")
    private String target;

    @Option(names = "--experiments", paramLabel = "NAME[,NAME...]",
            defaultValue = "${env:FIRSTPASS_CONTROLLER_EXPERIMENTS}",
            description = "Experiments to control (env FIRSTPASS_CONTROLLER_EXPERIMENTS). Default: all.")
    private String experiments;

    @Option(names = "--controller-id", paramLabel = "ID",
            defaultValue = "${env:FIRSTPASS_CONTROLLER_ID:-firstpass-controller}",
            description = "Names this controller; a second one with the same id takes over from the first"
                    + " (env FIRSTPASS_CONTROLLER_ID). Default: ${DEFAULT-VALUE}.")
    private String controllerId;

    @Option(names = "--perturbation", paramLabel = "KIND",
            defaultValue = "${env:FIRSTPASS_PERTURBATION:-shrink_perturb}",
            description = "shrink_perturb, partial_reset, full_reset, warm_restart or weight_noise"
                    + " (env FIRSTPASS_PERTURBATION). Default: ${DEFAULT-VALUE}.")
    private String perturbation;

    @Option(names = "--params", paramLabel = "NAME=VALUE[,...]", defaultValue = "${env:FIRSTPASS_PERTURBATION_PARAMS}",
            description = "The perturbation's parameters, e.g. shrink=0.4,perturb=0.1"
                    + " (env FIRSTPASS_PERTURBATION_PARAMS). Default: the kind's own.")
    private String params;

    @Option(names = "--mode", paramLabel = "periodic|one-shot", defaultValue = "${env:FIRSTPASS_COMMAND_MODE:-periodic}",
            description = "periodic: one schedule per run, kicks at exact epochs even while the controller is down;"
                    + " one-shot: a command per kick (env FIRSTPASS_COMMAND_MODE). Default: ${DEFAULT-VALUE}.")
    private String mode;

    @Option(names = "--lead-epochs", paramLabel = "N", defaultValue = "${env:FIRSTPASS_COMMAND_LEAD_EPOCHS:-1}",
            description = "A schedule starts this many epochs after the run's last reported one, at the earliest"
                    + " (env FIRSTPASS_COMMAND_LEAD_EPOCHS). Default: ${DEFAULT-VALUE}.")
    private String leadEpochs;

    @Option(names = "--min-runs", paramLabel = "N", defaultValue = "${env:FIRSTPASS_CONTROLLER_MIN_RUNS:-8}",
            description = "Baseline runs needed to start probing, and kept while exploiting"
                    + " (env FIRSTPASS_CONTROLLER_MIN_RUNS). Default: ${DEFAULT-VALUE}.")
    private String minRuns;

    @Option(names = "--probe-share", paramLabel = "P", defaultValue = "${env:FIRSTPASS_PROBE_SHARE:-0.5}",
            description = "Share of the runs probed (env FIRSTPASS_PROBE_SHARE). Default: ${DEFAULT-VALUE}.")
    private String probeShare;

    @Option(names = "--probe-period", paramLabel = "auto|N", defaultValue = "${env:FIRSTPASS_PROBE_PERIOD:-auto}",
            description = "tau0; auto = max(t_QSS, --probe-min-period) rounded up to a multiple of"
                    + " --probe-period-step (env FIRSTPASS_PROBE_PERIOD). Default: ${DEFAULT-VALUE}.")
    private String probePeriod;

    @Option(names = "--probe-min-period", paramLabel = "N", defaultValue = "${env:FIRSTPASS_PROBE_MIN_PERIOD:-10}",
            description = "Shortest automatic tau0 (env FIRSTPASS_PROBE_MIN_PERIOD). Default: ${DEFAULT-VALUE}.")
    private String probeMinPeriod;

    @Option(names = "--probe-period-step", paramLabel = "N", defaultValue = "${env:FIRSTPASS_PROBE_PERIOD_STEP:-5}",
            description = "Automatic tau0 is a multiple of this (env FIRSTPASS_PROBE_PERIOD_STEP). Default: ${DEFAULT-VALUE}.")
    private String probePeriodStep;

    @Option(names = "--holdout-share", paramLabel = "P", defaultValue = "${env:FIRSTPASS_HOLDOUT_SHARE:-0.2}",
            description = "Share of the runs kept unperturbed while exploiting (env FIRSTPASS_HOLDOUT_SHARE)."
                    + " Default: ${DEFAULT-VALUE}.")
    private String holdoutShare;

    @Option(names = "--max-kicks", paramLabel = "N", defaultValue = "${env:FIRSTPASS_MAX_KICKS_PER_RUN:-20}",
            description = "Most kicks per run (env FIRSTPASS_MAX_KICKS_PER_RUN). Default: ${DEFAULT-VALUE}.")
    private String maxKicks;

    @Option(names = "--hysteresis", paramLabel = "N", defaultValue = "${env:FIRSTPASS_HYSTERESIS_UPDATES:-3}",
            description = "Consecutive statistics updates needed to change tau* or stop kicking"
                    + " (env FIRSTPASS_HYSTERESIS_UPDATES). Default: ${DEFAULT-VALUE}.")
    private String hysteresis;

    @Option(names = "--refine-probes", paramLabel = "N", defaultValue = "${env:FIRSTPASS_REFINE_PROBES:-3}",
            description = "Most further probes that measure periods below the reference probe's validity floor"
                    + " while exploiting; 0 adopts the reference's tau* as it is (env FIRSTPASS_REFINE_PROBES)."
                    + " Default: ${DEFAULT-VALUE}.")
    private String refineProbes;

    @Option(names = "--experiment-retention-ms", paramLabel = "MS",
            defaultValue = "${env:FIRSTPASS_EXPERIMENT_RETENTION_MS:-3600000}",
            description = "How long an experiment whose runs all finished is kept in memory after its last change;"
                    + " 0 keeps every experiment (env FIRSTPASS_EXPERIMENT_RETENTION_MS). Default: ${DEFAULT-VALUE}.")
    private String experimentRetention;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "${env:FIRSTPASS_CONTROLLER_SEED:-20250206}",
            description = "Seeds the draws that put runs into arms (env FIRSTPASS_CONTROLLER_SEED)."
                    + " Default: ${DEFAULT-VALUE}.")
    private String seed;

    @Option(names = "--dry-run", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            defaultValue = "${env:FIRSTPASS_DRY_RUN:-false}",
            description = "Decide and record, but send no command (env FIRSTPASS_DRY_RUN). Default: ${DEFAULT-VALUE}.")
    private String dryRun;

    @Option(names = "--command-key", paramLabel = "FILE",
            description = "Sign every command with the one key in FILE (id:base64secret; docs/security.md); without"
                    + " it the key comes from the environment variable " + COMMAND_KEY_VARIABLE + ", and without"
                    + " either, commands go unsigned.")
    private Path commandKeyFile;

    @Option(names = "--status-interval", paramLabel = "SECONDS",
            defaultValue = "${env:FIRSTPASS_STATUS_INTERVAL:-30}",
            description = "How often to print each experiment's phase and tau* on stderr"
                    + " (env FIRSTPASS_STATUS_INTERVAL). Default: ${DEFAULT-VALUE}.")
    private String statusInterval;

    @Option(names = "--quiet", description = "Print no status lines.")
    private boolean quiet;

    @Option(names = CommandFailures.VERBOSE_OPTION, description = "Show stack traces of unexpected failures.")
    private boolean verbose;

    @Override
    public Integer call() {
        OptionProblems problems = new OptionProblems();
        Duration every = Duration.ofSeconds(problems.wholeNumber("--status-interval", statusInterval, 1));
        ControllerConfig config = new ControllerConfig(values());
        config.problems().forEach(problem -> problems.add(kafkaSecurity.inOptionTerms(inOptionTerms(problem))));
        if (!problems.isEmpty()) {
            throw new BadInputException(problems.asList().stream().map(this::withSource).toList());
        }
        // Kafka logs thousands of INFO lines; unless the user chose a level, keep the console readable.
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        return new ControllerSession(config, every, quiet, spec.commandLine().getOut(), spec.commandLine().getErr())
                .run(ControllerApp.start(config, Clock.systemUTC()));
    }

    private Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        put(values, ControllerConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        put(values, ControllerConfig.TARGET, target);
        put(values, ControllerConfig.EXPERIMENTS, experiments);
        put(values, ControllerConfig.CONTROLLER_ID, controllerId);
        put(values, ControllerConfig.PERTURBATION, perturbation);
        put(values, ControllerConfig.PERTURBATION_PARAMS, params);
        put(values, ControllerConfig.COMMAND_MODE, mode);
        put(values, ControllerConfig.COMMAND_LEAD_EPOCHS, leadEpochs);
        put(values, ControllerConfig.MIN_RUNS, minRuns);
        put(values, ControllerConfig.PROBE_SHARE, probeShare);
        put(values, ControllerConfig.PROBE_PERIOD, probePeriod);
        put(values, ControllerConfig.PROBE_MIN_PERIOD, probeMinPeriod);
        put(values, ControllerConfig.PROBE_PERIOD_STEP, probePeriodStep);
        put(values, ControllerConfig.HOLDOUT_SHARE, holdoutShare);
        put(values, ControllerConfig.MAX_KICKS_PER_RUN, maxKicks);
        put(values, ControllerConfig.HYSTERESIS_UPDATES, hysteresis);
        put(values, ControllerConfig.REFINE_PROBES, refineProbes);
        put(values, ControllerConfig.EXPERIMENT_RETENTION_MS, experimentRetention);
        put(values, ControllerConfig.SEED, seed);
        put(values, ControllerConfig.DRY_RUN, dryRun);
        if (commandKeyFile != null) {
            values.put(ControllerConfig.COMMAND_KEY_FILE, commandKeyFile.toString());
        } else {
            // Blank counts as unset, so that a compose file can pass the variable through when it is empty.
            String key = System.getenv(COMMAND_KEY_VARIABLE);
            if (key != null && !key.isBlank()) {
                values.put(ControllerConfig.COMMAND_KEY, key);
            }
        }
        values.putAll(kafkaSecurity.settings());
        return values;
    }

    private static void put(Map<String, String> values, String key, String value) {
        if (value != null) {
            values.put(key, value);
        }
    }

    /** A problem stated by configuration key, restated with the option the user sets it with. */
    private static String inOptionTerms(String problem) {
        if (problem.startsWith(ControllerConfig.COMMAND_KEY_FILE + ":")) {
            return "--command-key" + problem.substring(ControllerConfig.COMMAND_KEY_FILE.length());
        }
        if (problem.startsWith(ControllerConfig.COMMAND_KEY + ":")) {
            return COMMAND_KEY_VARIABLE + problem.substring(ControllerConfig.COMMAND_KEY.length());
        }
        for (Binding binding : BINDINGS) {
            if (problem.startsWith(binding.key() + " ") || problem.startsWith(binding.key() + ":")) {
                return binding.option() + problem.substring(binding.key().length());
            }
        }
        return problem;
    }

    /** A bad value that came from an environment variable says so, or the user would look for it in the wrong place. */
    private String withSource(String problem) {
        List<String> notes = new ArrayList<>();
        for (Binding binding : BINDINGS) {
            if (problem.startsWith(binding.option() + " ") || problem.startsWith(binding.option() + ":")) {
                if (!spec.commandLine().getParseResult().hasMatchedOption(binding.option())
                        && System.getenv(binding.environment()) != null) {
                    notes.add(" (from the environment variable " + binding.environment() + ")");
                }
            }
        }
        if (problem.startsWith("--status-interval ") && !spec.commandLine().getParseResult()
                .hasMatchedOption("--status-interval") && System.getenv("FIRSTPASS_STATUS_INTERVAL") != null) {
            notes.add(" (from the environment variable FIRSTPASS_STATUS_INTERVAL)");
        }
        return problem + String.join("", notes);
    }
}
