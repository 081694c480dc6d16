package dev.firstpass.cli.sink;

import dev.firstpass.cli.CommandFailures;
import dev.firstpass.cli.ExitCodes;
import dev.firstpass.cli.options.KafkaSecurityOptions;
import dev.firstpass.sink.InfluxSink;
import dev.firstpass.sink.SinkConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
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
 * {@code firstpass sink}: copies the FirstPass topics into InfluxDB until Ctrl-C.
 *
 * <p>Options default to environment variables, so a container needs no arguments; all of them are
 * checked before anything starts. The sink itself never stops for InfluxDB: a status line every interval
 * (and the status file, for container health checks) shows whether it is keeping up or retrying.
 */
@Command(name = "sink",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Copy the FirstPass topics (epoch events, commands and acks, controller decisions, plateau events,"
                    + " first-passage statistics) into InfluxDB for dashboards, until Ctrl-C. Offsets are committed"
                    + " only after InfluxDB accepted the points; while it is down the sink waits and catches up."},
        footer = {"", "Exit status: 0 stopped by Ctrl-C, 1 the sink could not run, 2 bad options."})
public final class SinkCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            defaultValue = "${env:FIRSTPASS_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka to read from (env FIRSTPASS_BOOTSTRAP_SERVERS). Default: ${DEFAULT-VALUE}.")
    private String bootstrapServers;

    @Mixin
    private KafkaSecurityOptions kafkaSecurity = new KafkaSecurityOptions();

    @Option(names = "--influx-url", paramLabel = "URL", defaultValue = "${env:FIRSTPASS_INFLUX_URL:-http://localhost:8086}",
            description = "InfluxDB 2 (or a server of its write API) (env FIRSTPASS_INFLUX_URL). Default: ${DEFAULT-VALUE}.")
    private String influxUrl;

    @Option(names = "--influx-token", paramLabel = "TOKEN", defaultValue = "${env:FIRSTPASS_INFLUX_TOKEN}",
            description = "API token with write access to the bucket (env FIRSTPASS_INFLUX_TOKEN; required).")
    private String influxToken;

    @Option(names = "--influx-org", paramLabel = "ORG", defaultValue = "${env:FIRSTPASS_INFLUX_ORG:-firstpass}",
            description = "Organisation (env FIRSTPASS_INFLUX_ORG). Default: ${DEFAULT-VALUE}.")
    private String influxOrg;

    @Option(names = "--influx-bucket", paramLabel = "BUCKET", defaultValue = "${env:FIRSTPASS_INFLUX_BUCKET:-firstpass}",
            description = "Bucket (env FIRSTPASS_INFLUX_BUCKET). Default: ${DEFAULT-VALUE}.")
    private String influxBucket;

    @Option(names = "--group-id", paramLabel = "ID", defaultValue = "${env:FIRSTPASS_SINK_GROUP_ID:-firstpass-sink}",
            description = "Kafka consumer group; sinks in one group share the partitions (env FIRSTPASS_SINK_GROUP_ID)."
                    + " Default: ${DEFAULT-VALUE}.")
    private String groupId;

    @Option(names = "--batch-size", paramLabel = "POINTS", defaultValue = "${env:FIRSTPASS_SINK_BATCH_SIZE:-5000}",
            description = "Most points per write (env FIRSTPASS_SINK_BATCH_SIZE). Default: ${DEFAULT-VALUE}.")
    private String batchSize;

    @Option(names = "--flush-interval-ms", paramLabel = "MS",
            defaultValue = "${env:FIRSTPASS_SINK_FLUSH_INTERVAL_MS:-1000}",
            description = "Longest a point waits for its batch to fill (env FIRSTPASS_SINK_FLUSH_INTERVAL_MS)."
                    + " Default: ${DEFAULT-VALUE}.")
    private String flushIntervalMs;

    @Option(names = "--backoff-max-ms", paramLabel = "MS", defaultValue = "${env:FIRSTPASS_SINK_BACKOFF_MAX_MS:-30000}",
            description = "Longest wait between retries of a failed write; the wait starts at 500 ms and doubles"
                    + " (env FIRSTPASS_SINK_BACKOFF_MAX_MS). Default: ${DEFAULT-VALUE}.")
    private String backoffMaxMs;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Any other sink setting (repeatable): topic.epochs, topic.commands, topic.acks,"
                    + " topic.decisions, topic.fpt-stats, topic.plateau, backoff.initial.ms, write.timeout.ms,"
                    + " ack.wait.ms, commands.lookback.ms, or kafka.<name> for the Kafka consumer (see docs/sink.md).")
    private List<String> settings = new ArrayList<>();

    @Option(names = "--status-interval-s", paramLabel = "S",
            defaultValue = "${env:FIRSTPASS_SINK_STATUS_INTERVAL_S:-30}",
            description = "Seconds between status lines and status-file updates (env FIRSTPASS_SINK_STATUS_INTERVAL_S)."
                    + " Default: ${DEFAULT-VALUE}.")
    private String statusInterval;

    @Option(names = "--status-file", paramLabel = "FILE", defaultValue = "${env:FIRSTPASS_SINK_STATUS_FILE}",
            description = "Rewrite this file with the status every interval, for health checks"
                    + " (env FIRSTPASS_SINK_STATUS_FILE).")
    private Path statusFile;

    @Option(names = "--quiet", description = "No periodic status lines on stderr.")
    private boolean quiet;

    @Option(names = CommandFailures.VERBOSE_OPTION, description = "Show stack traces of unexpected failures.")
    private boolean verbose;

    @Override
    public Integer call() {
        // Kafka's clients log every connection and rebalance at INFO; unless the user chose levels, show
        // warnings, and the sink's own INFO lines (recovery after an outage).
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.dev.firstpass", "info");
        SinkOptions.Plan plan = options().toPlan();
        SinkConfig config = plan.config();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        InfluxSink sink = InfluxSink.start(config);
        Thread stopOnExit = new Thread(() -> {
            sink.close();
            out.println("firstpass sink stopped: " + StatusLine.of(sink.counters()));
            out.flush();
        }, "firstpass-sink-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        out.printf("firstpass sink: reading %s from %s (group %s), writing to %s bucket %s (org %s); Ctrl-C stops it%n",
                String.join(", ", config.topics().all()), config.bootstrapServers(), config.groupId(), config.url(),
                config.bucket(), config.org());
        out.flush();
        boolean interrupted = false;
        try {
            while (sink.isRunning()) {
                writeStatusFile(plan.statusFile(), sink);
                Thread.sleep(plan.statusInterval().toMillis());
                if (!quiet && sink.isRunning()) {
                    err.println("firstpass sink: " + StatusLine.of(sink.counters()));
                    err.flush();
                }
            }
        } catch (InterruptedException e) {
            // Interrupting the command is the in-process way of pressing Ctrl-C.
            interrupted = true;
        } finally {
            sink.close();
            removeHook(stopOnExit);
        }
        if (interrupted) {
            out.println("firstpass sink stopped: " + StatusLine.of(sink.counters()));
            out.flush();
            Thread.currentThread().interrupt();
            return ExitCodes.OK;
        }
        err.println("firstpass sink: the sink stopped: " + sink.counters().lastError());
        err.flush();
        return ExitCodes.FAILURE;
    }

    private SinkOptions options() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("--bootstrap-servers", bootstrapServers);
        values.put("--influx-url", influxUrl);
        values.put("--influx-token", influxToken);
        values.put("--influx-org", influxOrg);
        values.put("--influx-bucket", influxBucket);
        values.put("--group-id", groupId);
        values.put("--batch-size", batchSize);
        values.put("--flush-interval-ms", flushIntervalMs);
        values.put("--backoff-max-ms", backoffMaxMs);
        return new SinkOptions(values, settings, statusInterval, statusFile,
                option -> !spec.commandLine().getParseResult().hasMatchedOption(option)
                        && System.getenv(SinkOptions.OPTIONS.get(option)[1]) != null, kafkaSecurity);
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

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The JVM is exiting and the hook is running or has run; nothing left to undo.
        }
    }
}
