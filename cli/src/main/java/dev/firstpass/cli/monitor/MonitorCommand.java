package dev.firstpass.cli.monitor;

import dev.firstpass.cli.BadInputException;
import dev.firstpass.cli.CommandFailures;
import dev.firstpass.cli.ExitCodes;
import dev.firstpass.cli.LogDestination;
import dev.firstpass.cli.UntilStopped;
import dev.firstpass.cli.options.DeclaredOptions;
import dev.firstpass.cli.options.DeclaresSettings;
import dev.firstpass.cli.options.KafkaSecurityOptions;
import dev.firstpass.monitor.MonitorApp;
import dev.firstpass.monitor.MonitorConfig;
import dev.firstpass.monitor.MonitorTopicsException;
import dev.firstpass.monitor.adapter.EpochEventAdapters;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
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
        modelTransformer = DeclaresSettings.AddOptions.class,
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
public final class MonitorCommand implements Callable<Integer>, DeclaresSettings {

    /** The monitor's settings as options. */
    static final DeclaredOptions OPTIONS = DeclaredOptions.of(MonitorConfig.SETTINGS);

    @Spec
    private CommandSpec spec;

    @Override
    public DeclaredOptions declaredOptions() {
        return OPTIONS;
    }

    @Mixin
    private KafkaSecurityOptions kafkaSecurity = new KafkaSecurityOptions();

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
        LogDestination.consoleWarningsOnly();
        MonitorApp app;
        try {
            app = MonitorApp.start(config, Clock.systemUTC());
        } catch (MonitorTopicsException e) {
            throw new BadInputException(e.problems().stream()
                    .map(problem -> problem.replace(MonitorConfig.CREATE_TOPICS.key() + "=true",
                            MonitorConfig.CREATE_TOPICS.option()))
                    .toList());
        }
        return serveUntilStopped(app, config);
    }

    /** The configuration, or every problem with the options, each in the words of the command line. */
    private MonitorConfig validatedConfig() {
        List<String> problems = new ArrayList<>();
        Map<String, String> settings = OPTIONS.values(spec);
        String format = settings.getOrDefault(MonitorConfig.INPUT_FORMAT.key(), MonitorConfig.NATIVE_FORMAT).trim();
        for (String option : inputOptions) {
            pair("--input-option", option, problems)
                    .ifPresent(pair -> settings.put(EpochEventAdapters.optionSetting(format, pair[0]), pair[1]));
        }
        for (String property : streamsProperties) {
            pair("--streams-property", property, problems)
                    .ifPresent(pair -> settings.put(MonitorConfig.STREAMS_PREFIX + pair[0], pair[1]));
        }
        settings.putAll(kafkaSecurity.settings());
        MonitorConfig config = new MonitorConfig(settings);
        // Problems of input adapter options keep the setting names docs/adapters.md explains.
        config.problems().forEach(problem -> problems.add(kafkaSecurity.inOptionTerms(OPTIONS.explain(problem, spec))));
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        return config;
    }

    private static Optional<String[]> pair(String option, String text, List<String> problems) {
        int equals = text.indexOf('=');
        if (equals <= 0) {
            problems.add(option + " must be NAME=VALUE: '" + text + "'");
            return Optional.empty();
        }
        return Optional.of(new String[] {text.substring(0, equals).trim(), text.substring(equals + 1)});
    }

    private int serveUntilStopped(MonitorApp app, MonitorConfig config) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MonitorStatus status = new MonitorStatus(app);
        boolean interrupted = false;
        int exitCode = ExitCodes.OK;
        try (UntilStopped until = UntilStopped.onCtrlC("firstpass-monitor", Duration.ofSeconds(45))) {
            try {
                out.println(readyLine(app, config));
                out.flush();
                while (!until.awaitStop(config.statisticsInterval())) {
                    if (status.failed()) {
                        err.println(spec.qualifiedName() + ": Kafka Streams stopped (" + app.state()
                                + "); see the log above");
                        exitCode = ExitCodes.FAILURE;
                        break;
                    }
                    if (!quiet) {
                        err.println(spec.qualifiedName() + ": " + status.line());
                        err.flush();
                    }
                }
            } catch (InterruptedException e) {
                interrupted = true;
            } finally {
                app.close();
            }
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
}
