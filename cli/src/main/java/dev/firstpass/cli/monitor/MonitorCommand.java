package dev.firstpass.cli.monitor;

import dev.firstpass.cli.BadInputException;
import dev.firstpass.cli.CommandFailures;
import dev.firstpass.cli.ExitCodes;
import dev.firstpass.cli.options.KafkaSecurityOptions;
import dev.firstpass.cli.options.OptionProblems;
import dev.firstpass.core.fpt.qss.QssSettings;
import dev.firstpass.monitor.MonitorApp;
import dev.firstpass.monitor.MonitorConfig;
import dev.firstpass.monitor.MonitorConfigException;
import dev.firstpass.monitor.MonitorTopicsException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code firstpass monitor}: runs the live monitor against any Kafka until Ctrl-C.
 *
 * <p>Every option falls back to an environment variable, so a container needs no command line; a bad
 * value from either place stops the command before it connects, with one line per problem.
 */
@Command(name = "monitor",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpWidth = 100,
        description = {
            "Follow training runs on Kafka and publish their first-passage statistics (survival, QSS,",
            "predicted MFPT per perturbation period, tau*) to training.monitor.fpt_stats as epochs arrive,",
            "until Ctrl-C. Several instances with the same --application-id share the work.",
            ""
        },
        footer = {
            "",
            "Exit status: 0 stopped by Ctrl-C, 1 Kafka Streams failed, 2 bad option values or missing topics.",
            "--input-format and --input-option read topics in other formats: see docs/adapters.md."
        })
public final class MonitorCommand implements Callable<Integer> {

    /** The options whose defaults come from the environment, and the variables they come from. */
    private static final Map<String, String> ENVIRONMENT_DEFAULTS = Map.ofEntries(
            Map.entry("--bootstrap-servers", "FIRSTPASS_BOOTSTRAP_SERVERS"),
            Map.entry("--application-id", "FIRSTPASS_APPLICATION_ID"),
            Map.entry("--state-dir", "FIRSTPASS_STATE_DIR"),
            Map.entry("--metric", "FIRSTPASS_METRIC"),
            Map.entry("--direction", "FIRSTPASS_DIRECTION"),
            Map.entry("--target", "FIRSTPASS_TARGETS"),
            Map.entry("--perturbation", "FIRSTPASS_PERTURBATION"),
            Map.entry("--stall-timeout", "FIRSTPASS_STALL_TIMEOUT"),
            Map.entry("--statistics-interval", "FIRSTPASS_STATISTICS_INTERVAL"),
            Map.entry("--bootstrap-resamples", "FIRSTPASS_BOOTSTRAP_RESAMPLES"),
            Map.entry("--qss-window", "FIRSTPASS_QSS_WINDOW"),
            Map.entry("--qss-alpha", "FIRSTPASS_QSS_ALPHA"),
            Map.entry("--min-runs", "FIRSTPASS_MIN_RUNS"),
            Map.entry("--http-port", "FIRSTPASS_HTTP_PORT"),
            Map.entry("--http-host", "FIRSTPASS_HTTP_HOST"),
            Map.entry("--input-topic", "FIRSTPASS_INPUT_TOPIC"),
            Map.entry("--input-format", "FIRSTPASS_INPUT_FORMAT"));

    @Spec
    private CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            defaultValue = "${env:FIRSTPASS_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka to read and write (env FIRSTPASS_BOOTSTRAP_SERVERS). Default: ${DEFAULT-VALUE}.")
    private String bootstrapServers;

    @Mixin
    private KafkaSecurityOptions kafkaSecurity = new KafkaSecurityOptions();

    @Option(names = "--application-id", paramLabel = "ID",
            defaultValue = "${env:FIRSTPASS_APPLICATION_ID:-" + MonitorConfig.DEFAULT_APPLICATION_ID + "}",
            description = "Kafka Streams application id; instances with the same id share the work"
                    + " (env FIRSTPASS_APPLICATION_ID). Default: ${DEFAULT-VALUE}.")
    private String applicationId;

    @Option(names = "--state-dir", paramLabel = "DIR",
            defaultValue = "${env:FIRSTPASS_STATE_DIR:-${sys:java.io.tmpdir}/kafka-streams}",
            description = "Local state; rebuilt from Kafka when lost (env FIRSTPASS_STATE_DIR)."
                    + " Default: ${DEFAULT-VALUE}.")
    private String stateDir;

    @Option(names = "--metric", paramLabel = "NAME", defaultValue = "${env:FIRSTPASS_METRIC}",
            description = "Metric of the epoch events whose first passage is measured, e.g. test_acc (required;"
                    + " env FIRSTPASS_METRIC).")
    private String metric;

    @Option(names = "--direction", paramLabel = "max|min", defaultValue = "${env:FIRSTPASS_DIRECTION:-max}",
            description = "Whether the metric rises (max) or falls (min) to its targets (env FIRSTPASS_DIRECTION)."
                    + " Default: ${DEFAULT-VALUE}.")
    private String direction;

    @Option(names = "--target", paramLabel = "X", split = ",", defaultValue = "${env:FIRSTPASS_TARGETS}",
            description = "Threshold of the metric; repeatable and accepts lists such as 55,57 (at least one;"
                    + " env FIRSTPASS_TARGETS).")
    private List<String> targets = new ArrayList<>();

    @Option(names = "--perturbation", paramLabel = "KIND",
            defaultValue = "${env:FIRSTPASS_PERTURBATION:-shrink_perturb}",
            description = "Perturbation the kicked arms received: shrink_perturb, partial_reset, full_reset,"
                    + " warm_restart or weight_noise (env FIRSTPASS_PERTURBATION). Default: ${DEFAULT-VALUE}.")
    private String perturbation;

    @Option(names = "--stall-timeout", paramLabel = "DURATION", defaultValue = "${env:FIRSTPASS_STALL_TIMEOUT:-10m}",
            description = "Silence after which a running run counts as stalled (censored), e.g. 30s, 10m, 1h"
                    + " (env FIRSTPASS_STALL_TIMEOUT). Default: ${DEFAULT-VALUE}.")
    private String stallTimeout;

    @Option(names = "--statistics-interval", paramLabel = "DURATION",
            defaultValue = "${env:FIRSTPASS_STATISTICS_INTERVAL:-5s}",
            description = "How often changed experiments are analysed and progress is shown"
                    + " (env FIRSTPASS_STATISTICS_INTERVAL). Default: ${DEFAULT-VALUE}.")
    private String statisticsInterval;

    @Option(names = "--bootstrap-resamples", paramLabel = "N",
            defaultValue = "${env:FIRSTPASS_BOOTSTRAP_RESAMPLES:-" + MonitorConfig.DEFAULT_BOOTSTRAP_RESAMPLES + "}",
            description = "Bootstrap resamples behind every interval (env FIRSTPASS_BOOTSTRAP_RESAMPLES)."
                    + " Default: ${DEFAULT-VALUE}.")
    private String bootstrapResamples;

    @Option(names = "--qss-window", paramLabel = "N",
            defaultValue = "${env:FIRSTPASS_QSS_WINDOW:-" + QssSettings.DEFAULT_WINDOW + "}",
            description = "Epochs the ensemble must stay steady (env FIRSTPASS_QSS_WINDOW). Default: ${DEFAULT-VALUE}.")
    private String qssWindow;

    @Option(names = "--qss-alpha", paramLabel = "P",
            defaultValue = "${env:FIRSTPASS_QSS_ALPHA:-" + QssSettings.DEFAULT_ALPHA + "}",
            description = "Level of the tests that detect the steady state and plateaus (env FIRSTPASS_QSS_ALPHA)."
                    + " Default: ${DEFAULT-VALUE}.")
    private String qssAlpha;

    @Option(names = "--min-runs", paramLabel = "N",
            defaultValue = "${env:FIRSTPASS_MIN_RUNS:-" + QssSettings.DEFAULT_MIN_RUNS + "}",
            description = "Fewest baseline runs before predictions are made (env FIRSTPASS_MIN_RUNS)."
                    + " Default: ${DEFAULT-VALUE}.")
    private String minRuns;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "${env:FIRSTPASS_HTTP_PORT:-0}",
            description = "Port of the HTTP queries (GET /experiments); 0 = off (env FIRSTPASS_HTTP_PORT)."
                    + " Default: ${DEFAULT-VALUE}.")
    private String httpPort;

    @Option(names = "--http-host", paramLabel = "HOST",
            defaultValue = "${env:FIRSTPASS_HTTP_HOST:-" + MonitorConfig.DEFAULT_HTTP_HOST + "}",
            description = "Address the HTTP queries listen on (env FIRSTPASS_HTTP_HOST). Default: ${DEFAULT-VALUE}.")
    private String httpHost;

    @Option(names = "--input-topic", paramLabel = "TOPIC", defaultValue = "${env:FIRSTPASS_INPUT_TOPIC}",
            description = "Topic of the epoch events (env FIRSTPASS_INPUT_TOPIC). Default: training.metrics.epoch.")
    private String inputTopic;

    @Option(names = "--input-format", paramLabel = "FORMAT",
            defaultValue = "${env:FIRSTPASS_INPUT_FORMAT:-" + MonitorConfig.NATIVE_FORMAT + "}",
            description = "native, json or line-protocol (env FIRSTPASS_INPUT_FORMAT). Default: ${DEFAULT-VALUE}.")
    private String inputFormat;

    @Option(names = "--create-topics", defaultValue = "${env:FIRSTPASS_CREATE_TOPICS:-false}",
            description = "Create the topics the monitor reads and writes when they are missing, with as many"
                    + " partitions as the existing input topics (else 3) (env FIRSTPASS_CREATE_TOPICS).")
    private boolean createTopics;

    @Option(names = "--input-option", paramLabel = "NAME=VALUE",
            description = "One setting of the input format, e.g. experiment=job.sweep; repeatable, order kept.")
    private List<String> inputOptions = new ArrayList<>();

    @Option(names = "--streams-property", paramLabel = "NAME=VALUE",
            description = "A Kafka Streams property, e.g. num.stream.threads=2; repeatable.")
    private List<String> streamsProperties = new ArrayList<>();

    @Option(names = "--quiet", description = "Show no progress on stderr.")
    private boolean quiet;

    @Option(names = CommandFailures.VERBOSE_OPTION, description = "Show stack traces of unexpected failures.")
    private boolean verbose;

    @Override
    public Integer call() {
        MonitorConfig config = validatedConfig();
        // Kafka Streams logs hundreds of INFO lines; unless the user chose a level, keep the console readable.
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        MonitorApp app;
        try {
            app = MonitorApp.start(config, Clock.systemUTC());
        } catch (MonitorTopicsException e) {
            throw new BadInputException(e.problems().stream()
                    .map(problem -> problem.replace(MonitorConfig.CREATE_TOPICS + "=true", "--create-topics"))
                    .toList());
        }
        return serveUntilStopped(app, config);
    }

    /**
     * The configuration, or every problem with the options; a bad value that came from an environment
     * variable rather than the command line says so, or the user would look for it in the wrong place.
     */
    private MonitorConfig validatedConfig() {
        OptionProblems problems = new OptionProblems();
        MonitorOptions options = new MonitorOptions(bootstrapServers, applicationId, stateDir, metric, direction,
                targets, perturbation, stallTimeout, statisticsInterval, bootstrapResamples, qssWindow, qssAlpha,
                minRuns, httpPort, httpHost, inputTopic, inputFormat, inputOptions, streamsProperties);
        Map<String, String> settings = options.settings(problems);
        settings.putAll(kafkaSecurity.settings());
        if (createTopics) {
            settings.put(MonitorConfig.CREATE_TOPICS, "true");
        }
        MonitorConfig config = new MonitorConfig(settings);
        List<String> all = new ArrayList<>(problems.asList());
        try {
            config.validate();
        } catch (MonitorConfigException e) {
            e.problems().forEach(problem -> all.add(kafkaSecurity.inOptionTerms(MonitorOptions.inOptionTerms(problem))));
        }
        if (!all.isEmpty()) {
            throw new BadInputException(all.stream().map(this::withSource).toList());
        }
        return config;
    }

    private String withSource(String problem) {
        return ENVIRONMENT_DEFAULTS.entrySet().stream()
                .filter(entry -> problem.startsWith(entry.getKey() + " ")
                        && !spec.commandLine().getParseResult().hasMatchedOption(entry.getKey())
                        && System.getenv(entry.getValue()) != null)
                .findFirst()
                .map(entry -> problem + " (from the environment variable " + entry.getValue() + ")")
                .orElse(problem);
    }

    private int serveUntilStopped(MonitorApp app, MonitorConfig config) {
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        // On Ctrl-C the JVM runs this hook while the command is still waiting: ask it to stop, then
        // give it the time Kafka Streams needs to commit and leave the group before the JVM exits.
        Thread stopOnExit = new Thread(() -> {
            stop.countDown();
            awaitQuietly(closed, Duration.ofSeconds(45));
        }, "firstpass-monitor-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        MonitorStatus status = new MonitorStatus(app);
        boolean interrupted = false;
        int exitCode = ExitCodes.OK;
        try {
            out.println(readyLine(app, config));
            out.flush();
            while (!stop.await(config.statisticsInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                if (status.failed()) {
                    spec.commandLine().getErr().println(spec.qualifiedName() + ": Kafka Streams stopped ("
                            + app.state() + "); see the log above");
                    exitCode = ExitCodes.FAILURE;
                    break;
                }
                if (!quiet) {
                    spec.commandLine().getErr().println(spec.qualifiedName() + ": " + status.line());
                    spec.commandLine().getErr().flush();
                }
            }
        } catch (InterruptedException e) {
            // Interrupting the command is the in-process way of pressing Ctrl-C.
            interrupted = true;
        } finally {
            app.close();
            closed.countDown();
            removeHook(stopOnExit);
        }
        out.println("Monitor stopped");
        out.flush();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return exitCode;
    }

    private static String readyLine(MonitorApp app, MonitorConfig config) {
        String queries = app.httpPort().isPresent()
                ? ", queries at http://" + config.httpHost() + ":" + app.httpPort().getAsInt() + "/experiments"
                : "";
        return "Monitor ready on " + config.bootstrapServers() + " as application " + config.applicationId()
                + queries + "; Ctrl-C stops it";
    }

    private static void awaitQuietly(CountDownLatch latch, Duration timeout) {
        try {
            latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The JVM is exiting and the hook is running or has run; nothing left to undo.
        }
    }
}
