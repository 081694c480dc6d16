package dev.firstpass.cli.controller;

import dev.firstpass.cli.BadInputException;
import dev.firstpass.cli.CommandFailures;
import dev.firstpass.cli.LogDestination;
import dev.firstpass.cli.options.DeclaredOptions;
import dev.firstpass.cli.options.DeclaresSettings;
import dev.firstpass.cli.options.KafkaSecurityOptions;
import dev.firstpass.controller.ControllerApp;
import dev.firstpass.controller.ControllerConfig;
import dev.firstpass.core.settings.Parsers;
import dev.firstpass.core.settings.Problem;
import dev.firstpass.core.settings.Setting;
import dev.firstpass.core.settings.SettingsReader;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
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
        modelTransformer = DeclaresSettings.AddOptions.class,
        description = {
            "Watch the monitor's statistics and send perturbation commands to controllable runs: observe until",
            "the baseline is quasi-steady, probe a share of the runs at tau0, then kick the others every tau*",
            "once the monitor recommends it (docs/controller.md). Every decision goes to",
            "training.control.decisions. Runs until Ctrl-C.",
            ""
        },
        footer = {"", "Exit status: 0 stopped by Ctrl-C, 1 Kafka failure, 2 bad input."})
public final class ControllerCommand implements Callable<Integer>, DeclaresSettings {

    /** How often each experiment's status is printed; a setting of the command, not of the controller. */
    public static final Setting<Duration> STATUS_INTERVAL = Setting.withDefault("status.interval", "DURATION",
            Parsers.duration(false), "30s", "How often to print each experiment's phase and tau* on stderr");

    /** The controller's settings and the command's own, as options. */
    static final DeclaredOptions OPTIONS = DeclaredOptions.of(options());

    /** Holds the signing key itself, id:base64secret; --command-key takes precedence. */
    static final String COMMAND_KEY_VARIABLE = "FIRSTPASS_COMMAND_KEY";

    @Spec
    private CommandSpec spec;

    @Override
    public DeclaredOptions declaredOptions() {
        return OPTIONS;
    }

    @Mixin
    private KafkaSecurityOptions kafkaSecurity = new KafkaSecurityOptions();

    @Option(names = "--quiet", description = "Print no status lines.")
    private boolean quiet;

    @Option(names = CommandFailures.VERBOSE_OPTION, description = "Show stack traces of unexpected failures.")
    private boolean verbose;

    @Override
    public Integer call() {
        Map<String, String> values = values();
        String statusInterval = values.remove(STATUS_INTERVAL.key());
        SettingsReader own = SettingsReader.of(statusInterval == null ? Map.of()
                : Map.of(STATUS_INTERVAL.key(), statusInterval));
        Duration every = own.get(STATUS_INTERVAL);
        ControllerConfig config = new ControllerConfig(values);
        List<String> problems = new ArrayList<>();
        Stream.concat(own.problems().stream(), config.problems().stream())
                .forEach(problem -> problems.add(kafkaSecurity.inOptionTerms(inOptionTerms(problem))));
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        LogDestination.consoleWarningsOnly();
        return new ControllerSession(config, every, quiet, spec.commandLine().getOut(), spec.commandLine().getErr())
                .run(ControllerApp.start(config, Clock.systemUTC()));
    }

    private Map<String, String> values() {
        Map<String, String> values = OPTIONS.values(spec);
        if (!values.containsKey(ControllerConfig.COMMAND_KEY_FILE.key())) {
            // Blank counts as unset, so that a compose file can pass the variable through when it is empty.
            String key = System.getenv(COMMAND_KEY_VARIABLE);
            if (key != null && !key.isBlank()) {
                values.put(ControllerConfig.COMMAND_KEY, key);
            }
        }
        values.putAll(kafkaSecurity.settings());
        return values;
    }

    /** A problem restated with the option or variable the user sets its setting with. */
    private String inOptionTerms(Problem problem) {
        if (problem.setting() == null && problem.rule().startsWith(ControllerConfig.COMMAND_KEY + ":")) {
            return COMMAND_KEY_VARIABLE + problem.rule().substring(ControllerConfig.COMMAND_KEY.length());
        }
        if (ControllerConfig.COMMAND_KEY.equals(problem.setting())) {
            return problem.message(COMMAND_KEY_VARIABLE);
        }
        return OPTIONS.explain(problem, spec);
    }

    private static List<Setting<?>> options() {
        List<Setting<?>> options = new ArrayList<>(ControllerConfig.SETTINGS);
        options.add(STATUS_INTERVAL);
        return options;
    }
}
