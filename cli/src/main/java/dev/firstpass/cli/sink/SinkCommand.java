package dev.firstpass.cli.sink;

import dev.firstpass.cli.BadInputException;
import dev.firstpass.cli.CommandFailures;
import dev.firstpass.cli.ExitCodes;
import dev.firstpass.cli.LogDestination;
import dev.firstpass.cli.UntilStopped;
import dev.firstpass.cli.options.DeclaredOptions;
import dev.firstpass.cli.options.DeclaresSettings;
import dev.firstpass.cli.options.KafkaSecurityOptions;
import dev.firstpass.core.kafka.KafkaSecurity;
import dev.firstpass.core.settings.Parsers;
import dev.firstpass.core.settings.Setting;
import dev.firstpass.core.settings.SettingsReader;
import dev.firstpass.sink.InfluxSink;
import dev.firstpass.sink.SinkConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * {@code firstpass sink}: copies the FirstPass topics into InfluxDB until Ctrl-C.
 *
 * <p>Options default to environment variables, so a container needs no arguments; all of them are
 * checked before anything starts. The sink itself never stops for InfluxDB: a status line every interval
 * (and the status file, for container health checks) shows whether it is keeping up or retrying.
 */
@Command(name = "sink",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpWidth = 100,
        modelTransformer = DeclaresSettings.AddOptions.class,
        description = {
            "Copy the FirstPass topics (epoch events, commands and acks, controller decisions, plateau events,"
                    + " first-passage statistics) into InfluxDB for dashboards, until Ctrl-C. Offsets are committed"
                    + " only after InfluxDB accepted the points; while it is down the sink waits and catches up."},
        footer = {"", "Exit status: 0 stopped by Ctrl-C, 1 the sink could not run, 2 bad options."})
public final class SinkCommand implements Callable<Integer>, DeclaresSettings {

    /** Seconds between status lines and status-file updates; a setting of the command, not of the sink. */
    public static final Setting<Duration> STATUS_INTERVAL = Setting.withDefault("status.interval", "DURATION",
            Parsers.duration(false), "30s", "How often a status line is printed and the status file rewritten")
            .withEnvironment("FIRSTPASS_SINK_STATUS_INTERVAL");
    public static final Setting<Path> STATUS_FILE = Setting.optional("status.file", "FILE", SinkCommand::statusFile,
            "none", "Rewrite this file with the status every interval, for health checks")
            .withEnvironment("FIRSTPASS_SINK_STATUS_FILE");

    /** The sink's settings and the command's own, as options. */
    static final DeclaredOptions OPTIONS = DeclaredOptions.of(options());

    @Spec
    private CommandSpec spec;

    @Override
    public DeclaredOptions declaredOptions() {
        return OPTIONS;
    }

    @Mixin
    private KafkaSecurityOptions kafkaSecurity = new KafkaSecurityOptions();

    @Option(names = "--set", paramLabel = "kafka.NAME=VALUE",
            description = "A property of the Kafka consumer, e.g. kafka.max.poll.records=1000 (repeatable).")
    private List<String> settings = new ArrayList<>();

    @Option(names = "--quiet", description = "No periodic status lines on stderr.")
    private boolean quiet;

    @Option(names = CommandFailures.VERBOSE_OPTION, description = "Show stack traces of unexpected failures.")
    private boolean verbose;

    @Override
    public Integer call() {
        // The sink's own info lines say when it recovers from an outage.
        LogDestination.consoleWarningsOnly();
        LogDestination.ownLinesAtInfo();
        Map<String, String> values = OPTIONS.values(spec);
        Map<String, String> own = new HashMap<>();
        for (Setting<?> setting : List.of(STATUS_INTERVAL, STATUS_FILE)) {
            String text = values.remove(setting.key());
            if (text != null) {
                own.put(setting.key(), text);
            }
        }
        List<String> problems = new ArrayList<>();
        values.putAll(kafkaProperties(problems));
        values.putAll(kafkaSecurity.settings());
        SettingsReader command = SettingsReader.of(own);
        Duration interval = command.get(STATUS_INTERVAL);
        Path statusFile = command.get(STATUS_FILE);
        SinkConfig config = new SinkConfig(values);
        Stream.concat(config.problems().stream(), command.problems().stream())
                .forEach(problem -> problems.add(kafkaSecurity.inOptionTerms(OPTIONS.explain(problem, spec))));
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        return run(config, interval, statusFile);
    }

    private int run(SinkConfig config, Duration interval, Path statusFile) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        InfluxSink sink = InfluxSink.start(config);
        out.printf("firstpass sink: reading %s from %s (group %s), writing to %s bucket %s (org %s); Ctrl-C stops it%n",
                String.join(", ", config.topics().all()), config.bootstrapServers(), config.groupId(), config.url(),
                config.bucket(), config.org());
        out.flush();
        boolean stopped = false;
        boolean interrupted = false;
        try (UntilStopped until = UntilStopped.onCtrlC("firstpass-sink", Duration.ofSeconds(30))) {
            try {
                while (sink.isRunning() && !stopped) {
                    writeStatusFile(statusFile, sink);
                    stopped = until.awaitStop(interval);
                    if (!stopped && !quiet && sink.isRunning()) {
                        err.println("firstpass sink: " + StatusLine.of(sink.counters()));
                        err.flush();
                    }
                }
            } catch (InterruptedException e) {
                stopped = true;
                interrupted = true;
            } finally {
                sink.close();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (stopped) {
            out.println("firstpass sink stopped: " + StatusLine.of(sink.counters()));
            out.flush();
            return ExitCodes.OK;
        }
        err.println("firstpass sink: the sink stopped: " + sink.counters().lastError());
        err.flush();
        return ExitCodes.FAILURE;
    }

    /** The {@code kafka.*} properties given with --set; any other key is named with the option that sets it. */
    private Map<String, String> kafkaProperties(List<String> problems) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String setting : settings) {
            int equals = setting.indexOf('=');
            String key = equals <= 0 ? "" : setting.substring(0, equals).trim();
            if (key.startsWith(SinkConfig.KAFKA_PREFIX) && key.length() > SinkConfig.KAFKA_PREFIX.length()) {
                properties.put(key, setting.substring(equals + 1));
                continue;
            }
            String option = SinkConfig.SETTINGS.stream().filter(declared -> declared.key().equals(key))
                    .map(Setting::option).findFirst().orElse(null);
            if (option != null) {
                problems.add("--set " + key + ": use " + option + " for it");
            } else if (KafkaSecurity.KEYS.contains(key)) {
                // Passwords especially: a command line is visible to everyone on the machine.
                problems.add("--set " + key + ": use the --kafka-* options or FIRSTPASS_KAFKA_* variables for it");
            } else {
                problems.add("--set must be kafka.NAME=VALUE: '" + setting + "'");
            }
        }
        return properties;
    }

    private static Path statusFile(String text) {
        Path file = Path.of(text.trim());
        if (file.getParent() != null && !Files.isDirectory(file.getParent())) {
            throw new IllegalArgumentException("must be in a folder that exists");
        }
        return file;
    }

    private static List<Setting<?>> options() {
        List<Setting<?>> options = new ArrayList<>(SinkConfig.SETTINGS);
        options.add(STATUS_INTERVAL);
        options.add(STATUS_FILE);
        return options;
    }

    /** Written whole and then moved into place, so that a health check never reads half a file. */
    private static void writeStatusFile(Path file, InfluxSink sink) {
        if (file == null) {
            return;
        }
        try {
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Files.writeString(partial, Instant.now() + " " + StatusLine.of(sink.counters()) + System.lineSeparator(),
                    StandardCharsets.UTF_8);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // A missing status file makes the health check fail, which is the right signal; the sink goes on.
        }
    }
}
