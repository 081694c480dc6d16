package dev.firstpass.monitor;

import dev.firstpass.core.fpt.analysis.AnalysisSettings;
import dev.firstpass.core.fpt.qss.QssSettings;
import dev.firstpass.core.fpt.trajectory.Direction;
import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.kafka.KafkaSecurity;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.monitor.adapter.EpochEventAdapter;
import dev.firstpass.monitor.adapter.EpochEventAdapters;
import dev.firstpass.monitor.adapter.InvalidSettingsException;
import dev.firstpass.monitor.deadletter.LogAndContinueProductionHandler;
import dev.firstpass.core.settings.Parsers;
import dev.firstpass.core.settings.Problem;
import dev.firstpass.core.settings.Setting;
import dev.firstpass.core.settings.SettingsReader;
import dev.firstpass.core.settings.SharedSettings;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;

/**
 * The monitor's configuration: typed values with stated defaults, read from string keys.
 *
 * <p>Every setting is declared once below ({@link #SETTINGS}): its key, option, environment variable,
 * rule, default and doc line. Production binds them to command-line options and environment variables,
 * tests to a {@code Map}. Reading never throws: {@link #problems()} lists every missing, unknown or
 * malformed value as data (setting, value, rule), and {@link #validate()} reports all of them at once.
 *
 * <p>Besides the declared settings: {@code input.<format>.<option>}, the input adapter's options
 * (docs/adapters.md); {@code security.protocol}, {@code sasl.*} and {@code ssl.*} ({@link KafkaSecurity#KEYS});
 * and {@code streams.<name>}, passed to Kafka Streams as {@code <name>}.
 */
public final class MonitorConfig {

    public static final String NATIVE_FORMAT = "native";

    public static final Setting<String> BOOTSTRAP_SERVERS = SharedSettings.BOOTSTRAP_SERVERS;
    public static final Setting<String> APPLICATION_ID = Setting.withDefault("application.id", "ID", Parsers.text(),
            "firstpass-monitor", "Kafka Streams application id; instances with the same id share the work");
    public static final Setting<Path> STATE_DIR = Setting.optional("state.dir", "DIR", MonitorConfig::path,
            "kafka-streams in the system's temporary folder", "Local state; rebuilt from Kafka when lost");
    public static final Setting<String> METRIC = Setting.required("metric", "NAME", Parsers.text(),
            "Metric of the epoch events whose first passage is measured, e.g. test_acc");
    public static final Setting<Direction> DIRECTION = Setting.withDefault("direction", "max|min",
            Parsers.oneOf(Direction::parse, "must be max or min"), "max",
            "Whether the metric rises (max) or falls (min) to its targets");
    public static final Setting<List<Double>> TARGETS = Setting.required("targets", "X", MonitorConfig::thresholds,
            "Threshold of the metric; repeatable and accepts lists such as 55,57").withOption("--target")
            .asRepeatable();
    public static final Setting<PerturbationKind> PERTURBATION = SharedSettings.PERTURBATION;
    public static final Setting<Duration> STALL_TIMEOUT = Setting.withDefault("stall.timeout", "DURATION",
            Parsers.duration(false), "10m", "Silence after which a running run counts as stalled (censored)");
    public static final Setting<Duration> STATISTICS_INTERVAL = Setting.withDefault("statistics.interval",
            "DURATION", Parsers.duration(false), "5s",
            "How often changed experiments are analysed, stalled runs looked for and progress shown");
    /** Short next to the statistics interval, long next to the time a burst of epoch events takes. */
    public static final Setting<Duration> SNAPSHOT_INTERVAL = Setting.optional("snapshot.interval", "DURATION",
            Parsers.duration(true), "1s, or the statistics interval when shorter",
            "How long a run's changes are gathered before its experiment sees them; 0s sends each at once");
    /** Fewer than the offline default: the monitor repeats the analysis every few seconds. */
    public static final Setting<Integer> BOOTSTRAP_RESAMPLES = AnalysisSettings.BOOTSTRAP_RESAMPLES.defaultingTo("200");
    public static final Setting<Double> QSS_ALPHA = AnalysisSettings.QSS_ALPHA;
    public static final Setting<Integer> QSS_WINDOW = AnalysisSettings.QSS_WINDOW;
    public static final Setting<Integer> QSS_MIN_RUNS = AnalysisSettings.QSS_MIN_RUNS;
    public static final Setting<Integer> HTTP_PORT = Setting.withDefault("http.port", "PORT",
            Parsers.between(0, 65535), "0", "Port of the HTTP queries (GET /experiments); 0 = off");
    public static final Setting<String> HTTP_HOST = Setting.withDefault("http.host", "HOST", Parsers.text(),
            "127.0.0.1", "Address the HTTP queries listen on");
    /** Whether the monitor creates the topics it reads and writes when they are missing. */
    public static final Setting<Boolean> CREATE_TOPICS = Setting.withDefault("create.topics", "true|false",
            Parsers.bool(), "false", "Create the topics the monitor reads and writes when they are missing, with as"
                    + " many partitions as the existing input topics (else 3)").asFlag();
    /** The topic of epoch events in a foreign format; replaces {@link #TOPIC_EPOCHS} when given. */
    public static final Setting<String> INPUT_TOPIC = Setting.optional(EpochEventAdapters.TOPIC_SETTING, "TOPIC",
            Parsers.text(), Topics.EPOCH_EVENTS, "Topic of the epoch events");
    /** The input adapter: native (the default), json or line-protocol. */
    public static final Setting<String> INPUT_FORMAT = Setting.withDefault(EpochEventAdapters.FORMAT_SETTING,
            "FORMAT", Parsers.text(), NATIVE_FORMAT, "native, json or line-protocol (docs/adapters.md)");
    public static final Setting<String> TOPIC_EPOCHS = Setting.optional("topic.epochs", "TOPIC", Parsers.text(),
            Topics.EPOCH_EVENTS, "The topic of FirstPass's own epoch events");
    public static final Setting<String> TOPIC_ACKS = topic("topic.acks", Topics.ACKS, "the trainers' acks");
    public static final Setting<String> TOPIC_LIFECYCLE = topic("topic.lifecycle", Topics.RUN_LIFECYCLE,
            "run starts and ends");
    public static final Setting<String> TOPIC_DLQ = topic("topic.dlq", Topics.EPOCH_EVENTS_DLQ,
            "records that could not be read, with the reason");
    public static final Setting<String> TOPIC_FPT_STATS = topic("topic.fpt-stats", Topics.FPT_STATS,
            "the published statistics");
    public static final Setting<String> TOPIC_PLATEAU = topic("topic.plateau", Topics.PLATEAU,
            "plateau and steady-state events");

    /** Every declared setting, in the order of the help. */
    public static final List<Setting<?>> SETTINGS = List.of(BOOTSTRAP_SERVERS, APPLICATION_ID, STATE_DIR, METRIC,
            DIRECTION, TARGETS, PERTURBATION, STALL_TIMEOUT, STATISTICS_INTERVAL, SNAPSHOT_INTERVAL,
            BOOTSTRAP_RESAMPLES, QSS_WINDOW, QSS_ALPHA, QSS_MIN_RUNS, HTTP_PORT, HTTP_HOST, INPUT_TOPIC, INPUT_FORMAT,
            CREATE_TOPICS, TOPIC_EPOCHS, TOPIC_ACKS, TOPIC_LIFECYCLE, TOPIC_DLQ, TOPIC_FPT_STATS, TOPIC_PLATEAU);

    /** Keys starting with this prefix configure the input adapter ({@code input.<format>.<option>}). */
    public static final String INPUT_PREFIX = "input.";
    /** Keys starting with this prefix are handed to Kafka Streams without it. */
    public static final String STREAMS_PREFIX = "streams.";

    private final List<Problem> problems;
    private final String bootstrapServers;
    private final String applicationId;
    private final Path stateDir;
    private final MonitorTopics topics;
    private final String metric;
    private final Direction direction;
    private final List<Target> targets;
    private final PerturbationKind perturbation;
    private final Duration stallTimeout;
    private final Duration statisticsInterval;
    private final Duration snapshotInterval;
    private final int bootstrapResamples;
    private final double qssAlpha;
    private final int qssWindow;
    private final int qssMinRuns;
    private final int httpPort;
    private final String httpHost;
    private final boolean createTopics;
    private final KafkaSecurity security;
    private final Map<String, String> streamsOverrides;
    private final String inputFormat;
    private final EpochEventAdapter inputAdapter;

    /**
     * Reads the configuration from {@code values}; call {@link #validate()} before using it. The order
     * of a {@code LinkedHashMap} is kept for the input adapter, whose {@code metrics.NAME} options are
     * reported in the order given.
     */
    public MonitorConfig(Map<String, String> values) {
        SettingsReader in = SettingsReader.of(values);
        streamsOverrides = in.prefixed(STREAMS_PREFIX);
        in.rejectUnknown(SETTINGS, KafkaSecurity.KEYS, ", " + INPUT_PREFIX + "<format>.<option> for the input adapter,"
                + " and " + STREAMS_PREFIX + "<name> for Kafka Streams", INPUT_PREFIX, STREAMS_PREFIX);
        bootstrapServers = in.get(BOOTSTRAP_SERVERS);
        applicationId = in.get(APPLICATION_ID);
        stateDir = Optional.ofNullable(in.get(STATE_DIR))
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "kafka-streams"));
        topics = new MonitorTopics(epochTopic(in), in.get(TOPIC_ACKS), in.get(TOPIC_LIFECYCLE), in.get(TOPIC_DLQ),
                in.get(TOPIC_FPT_STATS), in.get(TOPIC_PLATEAU));
        metric = in.get(METRIC);
        direction = Optional.ofNullable(in.get(DIRECTION)).orElse(Direction.MAX);
        targets = Optional.ofNullable(in.get(TARGETS)).orElse(List.of()).stream()
                .map(threshold -> new Target(threshold, direction)).toList();
        perturbation = in.get(PERTURBATION);
        stallTimeout = in.get(STALL_TIMEOUT);
        statisticsInterval = in.get(STATISTICS_INTERVAL);
        // Gathering for longer than the analyses are apart would only make them stale.
        Duration snapshotDefault = statisticsInterval == null || statisticsInterval.compareTo(Duration.ofSeconds(1)) >= 0
                ? Duration.ofSeconds(1) : statisticsInterval;
        snapshotInterval = Optional.ofNullable(in.get(SNAPSHOT_INTERVAL)).orElse(snapshotDefault);
        bootstrapResamples = orZero(in.get(BOOTSTRAP_RESAMPLES));
        qssAlpha = Optional.ofNullable(in.get(QSS_ALPHA)).orElse(QssSettings.DEFAULT_ALPHA);
        qssWindow = orZero(in.get(QSS_WINDOW));
        qssMinRuns = orZero(in.get(QSS_MIN_RUNS));
        httpPort = orZero(in.get(HTTP_PORT));
        httpHost = in.get(HTTP_HOST);
        createTopics = Boolean.TRUE.equals(in.get(CREATE_TOPICS));
        inputFormat = Optional.ofNullable(in.get(INPUT_FORMAT)).orElse(NATIVE_FORMAT);
        inputAdapter = adapter(values, in);
        security = KafkaSecurity.read(in);
        problems = in.problems();
    }

    // Both keys name the topic of epoch events; silently preferring one would leave the operator
    // watching a topic other than the one they believe.
    private static String epochTopic(SettingsReader in) {
        String own = in.get(TOPIC_EPOCHS);
        String foreign = in.get(INPUT_TOPIC);
        in.check(own == null || foreign == null || own.equals(foreign), INPUT_TOPIC.key() + " and " + TOPIC_EPOCHS.key()
                + " both name the topic of epoch events; give one: '" + foreign + "' and '" + own + "'");
        return foreign != null ? foreign : own != null ? own : Topics.EPOCH_EVENTS;
    }

    // The adapter reads the caller's map, not a sorted copy, so that repeated metric options keep
    // their order.
    private static EpochEventAdapter adapter(Map<String, String> values, SettingsReader in) {
        try {
            return EpochEventAdapters.fromConfig(values);
        } catch (InvalidSettingsException e) {
            e.problems().forEach(problem -> in.check(false, problem));
            return null;
        }
    }

    /**
     * This configuration, if it is usable.
     *
     * @throws MonitorConfigException listing every problem found
     */
    public MonitorConfig validate() {
        if (!problems.isEmpty()) {
            throw new MonitorConfigException(problems.stream().map(Problem::message).toList());
        }
        return this;
    }

    /** Every problem found, as data, in key order; empty when the configuration is usable. */
    public List<Problem> problems() {
        return problems;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String applicationId() {
        return applicationId;
    }

    public Path stateDir() {
        return stateDir;
    }

    public MonitorTopics topics() {
        return topics;
    }

    /** The metric whose first passage is measured. */
    public String metric() {
        return metric;
    }

    public Direction direction() {
        return direction;
    }

    /** The targets, in the order given, all with {@link #direction()}. */
    public List<Target> targets() {
        return targets;
    }

    /** The perturbation the kicked arms received; decides which predictor applies. */
    public PerturbationKind perturbation() {
        return perturbation;
    }

    /** How long a run may stay silent before it is marked stalled (and counted as censored). */
    public Duration stallTimeout() {
        return stallTimeout;
    }

    /** How often experiments that changed are re-analysed, and stalled runs looked for. */
    public Duration statisticsInterval() {
        return statisticsInterval;
    }

    /**
     * How long the changes of a run are gathered before its snapshot goes to its experiment; zero sends
     * each change at once. Only the latest snapshot of a run matters to the next analysis, so gathering
     * costs no accuracy, and it spares re-sending a run's whole trajectory for every epoch.
     */
    public Duration snapshotInterval() {
        return snapshotInterval;
    }

    public int bootstrapResamples() {
        return bootstrapResamples;
    }

    public QssSettings qss() {
        return new QssSettings(qssAlpha, qssWindow, qssMinRuns);
    }

    /** The settings of the shared analysis: the offline defaults except for the resamples. */
    public AnalysisSettings analysisSettings() {
        return new AnalysisSettings(qss(), bootstrapResamples, AnalysisSettings.DEFAULT_CONFIDENCE,
                AnalysisSettings.DEFAULT_SEED, 0);
    }

    /** The port for HTTP queries; 0 means no HTTP server. */
    public int httpPort() {
        return httpPort;
    }

    public String httpHost() {
        return httpHost;
    }

    /** Whether missing topics are created at start rather than reported. */
    public boolean createTopics() {
        return createTopics;
    }

    /** The format of the epoch-event topic: native, json or line-protocol. */
    public String inputFormat() {
        return inputFormat;
    }

    /** True for FirstPass's own epoch events, which are keyed by run id and need no repartition. */
    public boolean nativeInput() {
        return NATIVE_FORMAT.equals(inputFormat);
    }

    /** The adapter that reads the epoch-event topic, configured from the {@code input.*} keys. */
    public EpochEventAdapter inputAdapter() {
        return inputAdapter;
    }

    /** How the monitor's Kafka clients authenticate and encrypt; plaintext unless the settings say otherwise. */
    public KafkaSecurity security() {
        return security;
    }

    /**
     * The Kafka Streams properties: exactly-once processing, this application id and state directory,
     * byte-array default serdes, and handlers that log a bad record and go on, so no single record
     * stops the monitor; a record that fails in processing unexpectedly also goes to the dead-letter
     * topic, with Kafka Streams' own error headers. Then the {@link #security()} properties, and the
     * {@code streams.*} keys last.
     *
     * @throws MonitorConfigException when the configuration is not usable
     */
    public Properties toStreamsProperties() {
        validate();
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueProcessingExceptionHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetters());
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueProductionHandler.class.getName());
        props.putAll(security.clientProperties());
        props.putAll(streamsOverrides);
        return props;
    }
    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static Path path(String text) {
        try {
            return Path.of(text.trim());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("must be a path (" + e.getReason() + ")");
        }
    }

    /** Distinct finite thresholds, comma separated, in the order given. */
    private static List<Double> thresholds(String text) {
        Set<Double> thresholds = new LinkedHashSet<>();
        for (String item : text.split(",", -1)) {
            double threshold;
            try {
                threshold = Parsers.number().parse(item);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be finite numbers, comma separated");
            }
            if (!thresholds.add(threshold)) {
                throw new IllegalArgumentException("must not repeat a target");
            }
        }
        return List.copyOf(thresholds);
    }

    private static Setting<String> topic(String key, String name, String holding) {
        return Setting.withDefault(key, "TOPIC", Parsers.text(), name, "The topic of " + holding);
    }
}
