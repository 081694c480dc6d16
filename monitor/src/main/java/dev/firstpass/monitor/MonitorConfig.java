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
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;

/**
 * The monitor's configuration: typed values with stated defaults, read from string keys.
 *
 * <p>Production binds the keys to command-line options and environment variables, tests to a
 * {@code Map}. Reading never throws: every missing, unknown or malformed value is collected, and
 * {@link #validate()} reports all of them at once, each naming the key and the offending value.
 *
 * <table>
 *   <caption>Keys and defaults</caption>
 *   <tr><th>key</th><th>default</th></tr>
 *   <tr><td>{@value #BOOTSTRAP_SERVERS}</td><td>required</td></tr>
 *   <tr><td>{@value #APPLICATION_ID}</td><td>{@value #DEFAULT_APPLICATION_ID}</td></tr>
 *   <tr><td>{@value #STATE_DIR}</td><td>{@code ${java.io.tmpdir}/kafka-streams}</td></tr>
 *   <tr><td>{@value #TOPIC_EPOCHS}, {@value #TOPIC_ACKS}, {@value #TOPIC_LIFECYCLE}, {@value #TOPIC_DLQ},
 *       {@value #TOPIC_FPT_STATS}, {@value #TOPIC_PLATEAU}</td><td>the names in {@link Topics}</td></tr>
 *   <tr><td>{@value #METRIC}</td><td>required, e.g. "test_acc"</td></tr>
 *   <tr><td>{@value #DIRECTION}</td><td>max (the metric rises to its targets)</td></tr>
 *   <tr><td>{@value #TARGETS}</td><td>required: one or more numbers, comma separated</td></tr>
 *   <tr><td>{@value #PERTURBATION}</td><td>shrink_perturb</td></tr>
 *   <tr><td>{@value #STALL_TIMEOUT_MS}</td><td>600000 (10 min)</td></tr>
 *   <tr><td>{@value #STATISTICS_INTERVAL_MS}</td><td>5000 (also how often stalled runs are looked for)</td></tr>
 *   <tr><td>{@value #SNAPSHOT_INTERVAL_MS}</td><td>1000, or the statistics interval when shorter; 0 sends
 *       every change of a run to its experiment at once</td></tr>
 *   <tr><td>{@value #BOOTSTRAP_RESAMPLES}</td><td>{@value #DEFAULT_BOOTSTRAP_RESAMPLES}</td></tr>
 *   <tr><td>{@value #QSS_ALPHA}, {@value #QSS_WINDOW}, {@value #QSS_MIN_RUNS}</td>
 *       <td>the defaults of {@link QssSettings}</td></tr>
 *   <tr><td>{@value #HTTP_PORT}</td><td>0 (no HTTP queries)</td></tr>
 *   <tr><td>{@value #HTTP_HOST}</td><td>{@value #DEFAULT_HTTP_HOST}</td></tr>
 *   <tr><td>{@value #CREATE_TOPICS}</td><td>false: a missing topic stops the start with a line saying how to
 *       create it; true creates it</td></tr>
 *   <tr><td>{@value #INPUT_TOPIC}</td><td>none; when given, the topic of epoch events instead of
 *       {@value #TOPIC_EPOCHS}</td></tr>
 *   <tr><td>{@value #INPUT_FORMAT}, {@code input.<format>.<option>}</td><td>native; the input adapter and its
 *       options, as docs/adapters.md lists them</td></tr>
 *   <tr><td>{@code security.protocol}, {@code sasl.*}, {@code ssl.*} ({@link KafkaSecurity#KEYS})</td>
 *       <td>plaintext; how the monitor authenticates and encrypts, as {@link KafkaSecurity} reads them</td></tr>
 *   <tr><td>{@code streams.<name>}</td><td>passed to Kafka Streams as {@code <name>}</td></tr>
 * </table>
 */
public final class MonitorConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String APPLICATION_ID = "application.id";
    public static final String STATE_DIR = "state.dir";
    public static final String TOPIC_EPOCHS = "topic.epochs";
    public static final String TOPIC_ACKS = "topic.acks";
    public static final String TOPIC_LIFECYCLE = "topic.lifecycle";
    public static final String TOPIC_DLQ = "topic.dlq";
    public static final String TOPIC_FPT_STATS = "topic.fpt-stats";
    public static final String TOPIC_PLATEAU = "topic.plateau";
    public static final String METRIC = "metric";
    public static final String DIRECTION = "direction";
    public static final String TARGETS = "targets";
    public static final String PERTURBATION = "perturbation";
    public static final String STALL_TIMEOUT_MS = "stall.timeout.ms";
    public static final String STATISTICS_INTERVAL_MS = "statistics.interval.ms";
    public static final String SNAPSHOT_INTERVAL_MS = "snapshot.interval.ms";
    public static final String BOOTSTRAP_RESAMPLES = "bootstrap.resamples";
    public static final String QSS_ALPHA = "qss.alpha";
    public static final String QSS_WINDOW = "qss.window";
    public static final String QSS_MIN_RUNS = "qss.min.runs";
    public static final String HTTP_PORT = "http.port";
    public static final String HTTP_HOST = "http.host";
    /** Whether the monitor creates the topics it reads and writes when they are missing. */
    public static final String CREATE_TOPICS = "create.topics";
    /** The topic of epoch events in a foreign format; replaces {@value #TOPIC_EPOCHS} when given. */
    public static final String INPUT_TOPIC = EpochEventAdapters.TOPIC_SETTING;
    /** The input adapter: native (the default), json or line-protocol. */
    public static final String INPUT_FORMAT = EpochEventAdapters.FORMAT_SETTING;
    /** Keys starting with this prefix configure the input adapter ({@code input.<format>.<option>}). */
    public static final String INPUT_PREFIX = "input.";
    /** Keys starting with this prefix are handed to Kafka Streams without it. */
    public static final String STREAMS_PREFIX = "streams.";

    public static final String DEFAULT_APPLICATION_ID = "firstpass-monitor";
    public static final PerturbationKind DEFAULT_PERTURBATION = PerturbationKind.SHRINK_PERTURB;
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_STATISTICS_INTERVAL = Duration.ofSeconds(5);
    /** Short next to the statistics interval, long next to the time a burst of epoch events takes. */
    public static final Duration DEFAULT_SNAPSHOT_INTERVAL = Duration.ofSeconds(1);
    /** Fewer than the offline default: the monitor repeats the analysis every few seconds. */
    public static final int DEFAULT_BOOTSTRAP_RESAMPLES = 200;
    public static final String DEFAULT_HTTP_HOST = "127.0.0.1";
    public static final String NATIVE_FORMAT = "native";

    private static final Set<String> KEYS = keys();

    private final List<String> problems;
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
        ConfigReader in = new ConfigReader(values);
        streamsOverrides = in.prefixed(STREAMS_PREFIX);
        in.rejectUnknown(KEYS, INPUT_PREFIX, STREAMS_PREFIX);
        bootstrapServers = in.requiredText(BOOTSTRAP_SERVERS);
        applicationId = in.text(APPLICATION_ID, DEFAULT_APPLICATION_ID);
        stateDir = in.path(STATE_DIR, Path.of(System.getProperty("java.io.tmpdir"), "kafka-streams"));
        topics = new MonitorTopics(
                epochTopic(in),
                in.text(TOPIC_ACKS, Topics.ACKS),
                in.text(TOPIC_LIFECYCLE, Topics.RUN_LIFECYCLE),
                in.text(TOPIC_DLQ, Topics.EPOCH_EVENTS_DLQ),
                in.text(TOPIC_FPT_STATS, Topics.FPT_STATS),
                in.text(TOPIC_PLATEAU, Topics.PLATEAU));
        metric = in.requiredText(METRIC);
        direction = in.parsed(DIRECTION, Direction.MAX, Direction::parse);
        targets = in.targets(TARGETS, direction);
        perturbation = in.parsed(PERTURBATION, DEFAULT_PERTURBATION, PerturbationKind::parse);
        stallTimeout = Duration.ofMillis(in.whole(STALL_TIMEOUT_MS, DEFAULT_STALL_TIMEOUT.toMillis(), 1));
        statisticsInterval = Duration.ofMillis(
                in.whole(STATISTICS_INTERVAL_MS, DEFAULT_STATISTICS_INTERVAL.toMillis(), 1));
        // Gathering for longer than the analyses are apart would only make them stale.
        Duration snapshotDefault = statisticsInterval.compareTo(DEFAULT_SNAPSHOT_INTERVAL) < 0
                ? statisticsInterval : DEFAULT_SNAPSHOT_INTERVAL;
        snapshotInterval = Duration.ofMillis(in.whole(SNAPSHOT_INTERVAL_MS, snapshotDefault.toMillis(), 0));
        bootstrapResamples = (int) in.whole(BOOTSTRAP_RESAMPLES, DEFAULT_BOOTSTRAP_RESAMPLES, 0);
        qssAlpha = in.parsed(QSS_ALPHA, QssSettings.DEFAULT_ALPHA, ConfigReader::number);
        // The value as written: "2", not the "2.0" it parses to.
        in.check(qssAlpha > 0.0 && qssAlpha < 1.0, QSS_ALPHA + " must be strictly between 0 and 1: "
                + (values.containsKey(QSS_ALPHA) ? values.get(QSS_ALPHA).trim() : qssAlpha));
        qssWindow = (int) in.whole(QSS_WINDOW, QssSettings.DEFAULT_WINDOW, 1);
        qssMinRuns = (int) in.whole(QSS_MIN_RUNS, QssSettings.DEFAULT_MIN_RUNS, 3);
        httpPort = (int) in.whole(HTTP_PORT, 0, 0);
        in.check(httpPort <= 65535, HTTP_PORT + " must be at most 65535: " + httpPort);
        httpHost = in.text(HTTP_HOST, DEFAULT_HTTP_HOST);
        createTopics = in.parsed(CREATE_TOPICS, false, MonitorConfig::trueOrFalse);
        inputFormat = values.getOrDefault(INPUT_FORMAT, NATIVE_FORMAT);
        inputAdapter = adapter(values, in);
        security = KafkaSecurity.read(in);
        problems = in.problems();
    }

    private static Set<String> keys() {
        Set<String> keys = new HashSet<>(Set.of(BOOTSTRAP_SERVERS, APPLICATION_ID, STATE_DIR, TOPIC_EPOCHS, TOPIC_ACKS,
                TOPIC_LIFECYCLE, TOPIC_DLQ, TOPIC_FPT_STATS, TOPIC_PLATEAU, METRIC, DIRECTION, TARGETS, PERTURBATION,
                STALL_TIMEOUT_MS, STATISTICS_INTERVAL_MS, SNAPSHOT_INTERVAL_MS, BOOTSTRAP_RESAMPLES, QSS_ALPHA,
                QSS_WINDOW, QSS_MIN_RUNS, HTTP_PORT, HTTP_HOST, CREATE_TOPICS, INPUT_TOPIC, INPUT_FORMAT));
        keys.addAll(KafkaSecurity.KEYS);
        return Set.copyOf(keys);
    }

    private static boolean trueOrFalse(String text) {
        return switch (text.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false: " + text.trim());
        };
    }

    // Both keys name the topic of epoch events; silently preferring one would leave the operator
    // watching a topic other than the one they believe.
    private static String epochTopic(ConfigReader in) {
        String own = in.text(TOPIC_EPOCHS, null);
        String foreign = in.text(INPUT_TOPIC, null);
        in.check(own == null || foreign == null || own.equals(foreign), INPUT_TOPIC + " and " + TOPIC_EPOCHS
                + " both name the topic of epoch events; give one: '" + foreign + "' and '" + own + "'");
        return foreign != null ? foreign : own != null ? own : Topics.EPOCH_EVENTS;
    }

    // The adapter reads the caller's map, not a sorted copy, so that repeated metric options keep
    // their order.
    private static EpochEventAdapter adapter(Map<String, String> values, ConfigReader in) {
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
            throw new MonitorConfigException(problems);
        }
        return this;
    }

    /** Every problem found, in key order; empty when the configuration is usable. */
    public List<String> problems() {
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
}
