package dev.firstpass.sink;

import dev.firstpass.core.kafka.KafkaSecurity;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.core.settings.Parsers;
import dev.firstpass.core.settings.Problem;
import dev.firstpass.core.settings.Setting;
import dev.firstpass.core.settings.SettingsReader;
import dev.firstpass.core.settings.SharedSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The InfluxDB sink's configuration: typed values with stated defaults, read from string keys.
 *
 * <p>Every setting is declared once below ({@link #SETTINGS}): key, option, environment variable, rule,
 * default and doc line. The command line binds them to options and environment variables, tests to a
 * {@code Map}. Reading never throws: {@link #problems()} lists every missing, unknown or malformed value
 * as data, and {@link #validate()} reports all of them at once (the token is never shown).
 *
 * <p>Besides the declared settings: {@code security.protocol}, {@code sasl.*} and {@code ssl.*}
 * ({@link KafkaSecurity#KEYS}), and {@code kafka.<name>}, passed to the Kafka consumer as {@code <name>}.
 */
public final class SinkConfig {

    public static final Setting<String> BOOTSTRAP_SERVERS = SharedSettings.BOOTSTRAP_SERVERS;
    public static final Setting<String> INFLUX_URL = Setting.withDefault("influx.url", "URL", Parsers.httpUrl(),
            "http://localhost:8086", "InfluxDB 2, or a server of its write API");
    public static final Setting<String> INFLUX_TOKEN = Setting.required("influx.token", "TOKEN", Parsers.text(),
            "API token with write access to the bucket");
    public static final Setting<String> INFLUX_ORG = Setting.withDefault("influx.org", "ORG", Parsers.text(),
            "firstpass", "Organisation");
    public static final Setting<String> INFLUX_BUCKET = Setting.withDefault("influx.bucket", "BUCKET",
            Parsers.text(), "firstpass", "Bucket");
    public static final Setting<String> GROUP_ID = sinkOwn(Setting.withDefault("group.id", "ID", Parsers.text(),
            "firstpass-sink", "Kafka consumer group; sinks in one group share the partitions"));
    public static final Setting<Integer> BATCH_SIZE = sinkOwn(Setting.withDefault("batch.size", "POINTS",
            Parsers.atLeast(1), "5000", "Most points per write"));
    public static final Setting<Duration> FLUSH_INTERVAL = sinkOwn(Setting.withDefault("flush.interval", "DURATION",
            Parsers.duration(false), "1s", "Longest a point waits for its batch to fill"));
    public static final Setting<Duration> BACKOFF_INITIAL = sinkOwn(Setting.withDefault("backoff.initial",
            "DURATION", Parsers.duration(false), "500ms", "Wait after the first failed write"));
    public static final Setting<Duration> BACKOFF_MAX = sinkOwn(Setting.withDefault("backoff.max", "DURATION",
            Parsers.duration(false), "30s", "Longest wait between retries; the wait doubles after each failure"));
    public static final Setting<Duration> WRITE_TIMEOUT = sinkOwn(Setting.withDefault("write.timeout", "DURATION",
            Parsers.duration(false), "10s", "Longest a write may take to connect, send, and be answered, each"));
    public static final Setting<Duration> ACK_WAIT = sinkOwn(Setting.withDefault("ack.wait", "DURATION",
            Parsers.duration(true), "1m", "Longest an ack waits for its command"));
    public static final Setting<Duration> COMMANDS_LOOKBACK = sinkOwn(Setting.withDefault("commands.lookback",
            "DURATION", Parsers.duration(true), "24h",
            "Commands read again at start, so that acks still to come find theirs; 0s reads none"));
    public static final Setting<String> TOPIC_EPOCHS = topic("topic.epochs", Topics.EPOCH_EVENTS, "epoch events");
    public static final Setting<String> TOPIC_COMMANDS = topic("topic.commands", Topics.COMMANDS, "commands");
    public static final Setting<String> TOPIC_ACKS = topic("topic.acks", Topics.ACKS, "the trainers' acks");
    public static final Setting<String> TOPIC_DECISIONS = topic("topic.decisions", Topics.DECISIONS,
            "the controller's decisions");
    public static final Setting<String> TOPIC_FPT_STATS = topic("topic.fpt-stats", Topics.FPT_STATS,
            "the monitor's statistics");
    public static final Setting<String> TOPIC_PLATEAU = topic("topic.plateau", Topics.PLATEAU,
            "plateau and steady-state events");

    /** Every declared setting, in the order of the help. */
    public static final List<Setting<?>> SETTINGS = List.of(BOOTSTRAP_SERVERS, INFLUX_URL, INFLUX_TOKEN, INFLUX_ORG,
            INFLUX_BUCKET, GROUP_ID, BATCH_SIZE, FLUSH_INTERVAL, BACKOFF_INITIAL, BACKOFF_MAX, WRITE_TIMEOUT, ACK_WAIT,
            COMMANDS_LOOKBACK, TOPIC_EPOCHS, TOPIC_COMMANDS, TOPIC_ACKS, TOPIC_DECISIONS, TOPIC_FPT_STATS,
            TOPIC_PLATEAU);

    /** Keys starting with this prefix are handed to the Kafka consumer without it. */
    public static final String KAFKA_PREFIX = "kafka.";

    private final List<Problem> problems;
    private final String bootstrapServers;
    private final String groupId;
    private final String url;
    private final String org;
    private final String bucket;
    private final String token;
    private final int batchSize;
    private final Duration flushInterval;
    private final Duration backoffInitial;
    private final Duration backoffMax;
    private final Duration writeTimeout;
    private final Duration ackWait;
    private final Duration commandsLookback;
    private final SinkTopics topics;
    private final KafkaSecurity security;
    private final Map<String, String> kafkaOverrides;

    /** Reads the configuration from {@code values}; call {@link #validate()} before using it. */
    public SinkConfig(Map<String, String> values) {
        SettingsReader in = SettingsReader.of(values);
        kafkaOverrides = in.prefixed(KAFKA_PREFIX);
        in.rejectUnknown(SETTINGS, KafkaSecurity.KEYS, ", and " + KAFKA_PREFIX + "<name> for the Kafka consumer",
                KAFKA_PREFIX);
        bootstrapServers = in.get(BOOTSTRAP_SERVERS);
        groupId = in.get(GROUP_ID);
        url = in.get(INFLUX_URL);
        org = in.get(INFLUX_ORG);
        bucket = in.get(INFLUX_BUCKET);
        token = token(in, values);
        batchSize = orZero(in.get(BATCH_SIZE));
        flushInterval = in.get(FLUSH_INTERVAL);
        backoffInitial = in.get(BACKOFF_INITIAL);
        backoffMax = in.get(BACKOFF_MAX);
        if (backoffInitial != null && backoffMax != null) {
            in.check(backoffMax.compareTo(backoffInitial) >= 0, BACKOFF_MAX.key() + " must be at least "
                    + BACKOFF_INITIAL.key() + " (" + backoffInitial.toMillis() + "ms): " + backoffMax.toMillis() + "ms");
        }
        writeTimeout = in.get(WRITE_TIMEOUT);
        ackWait = in.get(ACK_WAIT);
        commandsLookback = in.get(COMMANDS_LOOKBACK);
        topics = new SinkTopics(topic(in, TOPIC_EPOCHS), topic(in, TOPIC_COMMANDS), topic(in, TOPIC_ACKS),
                topic(in, TOPIC_DECISIONS), topic(in, TOPIC_FPT_STATS), topic(in, TOPIC_PLATEAU));
        // One topic read for two purposes would have its records written as both.
        in.check(topics.all().size() == 6, "topic.* must name six different topics: " + String.join(", ",
                List.of(topics.epochs(), topics.commands(), topics.acks(), topics.decisions(), topics.fptStats(),
                        topics.plateau())));
        security = KafkaSecurity.read(in);
        problems = in.problems();
    }

    // The token is read apart from the declared rule so that no message ever shows it.
    private static String token(SettingsReader in, Map<String, String> values) {
        String value = values.get(INFLUX_TOKEN.key());
        if (value == null) {
            in.problem(Problem.of(INFLUX_TOKEN.key(), null, "is required"));
            return null;
        }
        if (value.isBlank()) {
            in.problem(Problem.of(INFLUX_TOKEN.key(), null, "must not be blank"));
            return null;
        }
        return value.trim();
    }

    // A bad name is reported; its default stands in so that the other topics can still be compared.
    private static String topic(SettingsReader in, Setting<String> setting) {
        String name = in.get(setting);
        return name != null ? name : setting.defaultValue();
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static <T> Setting<T> sinkOwn(Setting<T> setting) {
        return setting.withEnvironment(setting.environment().replace("FIRSTPASS_", "FIRSTPASS_SINK_"));
    }

    private static Setting<String> topic(String key, String name, String holding) {
        return Setting.withDefault(key, "TOPIC", Parsers.topic(), name, "The topic of " + holding);
    }

    public SinkConfig validate() {
        if (!problems.isEmpty()) {
            throw new SinkConfigException(problems.stream().map(Problem::message).toList());
        }
        return this;
    }

    /** Every problem found, as data, unknown keys first, then in declaration order; empty when usable. */
    public List<Problem> problems() {
        return problems;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String groupId() {
        return groupId;
    }

    /** The InfluxDB (or write-API compatible) server, e.g. http://influxdb:8086. */
    public String url() {
        return url;
    }

    public String org() {
        return org;
    }

    public String bucket() {
        return bucket;
    }

    /** The API token; never part of a message. */
    public String token() {
        return token;
    }

    /** The most points sent in one write. */
    public int batchSize() {
        return batchSize;
    }

    /** The longest a point waits for its batch to fill before it is sent anyway. */
    public Duration flushInterval() {
        return flushInterval;
    }

    /** The wait after the first failed write; it doubles with each further failure. */
    public Duration backoffInitial() {
        return backoffInitial;
    }

    /** The longest wait between two attempts. */
    public Duration backoffMax() {
        return backoffMax;
    }

    /** The limit on connecting, sending and waiting for the answer of one write, each. */
    public Duration writeTimeout() {
        return writeTimeout;
    }

    /** The longest an ack waits for its command before it is written without the command's kind. */
    public Duration ackWait() {
        return ackWait;
    }

    /** How far back the commands topic is read at start; zero reads none. */
    public Duration commandsLookback() {
        return commandsLookback;
    }

    public SinkTopics topics() {
        return topics;
    }

    /** How the consumer authenticates and encrypts; plaintext unless the settings say otherwise. */
    public KafkaSecurity security() {
        return security;
    }

    /**
     * The Kafka consumer's properties: manual commits (offsets move only after a successful write),
     * the earliest offset for a new group (a new sink writes the history there is), committed reads only
     * (the monitor writes in transactions) and the range assignor, which gives partition i of every topic
     * to the same member, so a run's command and its ack (both keyed by run id) meet in one sink when the
     * topics have as many partitions. Then the {@link #security()} properties, and the {@code kafka.*} keys last.
     *
     * @throws SinkConfigException when the configuration is not usable
     */
    public Map<String, Object> consumerProperties() {
        validate();
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.putAll(security.clientProperties());
        props.putAll(kafkaOverrides);
        return props;
    }
}
