package dev.firstpass.sink;

import dev.firstpass.core.kafka.KafkaSecurity;
import dev.firstpass.core.protocol.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The InfluxDB sink's configuration: typed values with stated defaults, read from string keys.
 *
 * <p>The command line binds the keys to options and environment variables, tests to a {@code Map}.
 * Reading never throws: every missing, unknown or malformed value is collected, and {@link #validate()}
 * reports all of them at once, each naming the key and the offending value (the token excepted).
 *
 * <table>
 *   <caption>Keys and defaults</caption>
 *   <tr><th>key</th><th>default</th></tr>
 *   <tr><td>{@value #BOOTSTRAP_SERVERS}</td><td>required</td></tr>
 *   <tr><td>{@value #GROUP_ID}</td><td>{@value #DEFAULT_GROUP_ID}</td></tr>
 *   <tr><td>{@value #INFLUX_URL}</td><td>{@value #DEFAULT_URL}</td></tr>
 *   <tr><td>{@value #INFLUX_ORG}</td><td>{@value #DEFAULT_ORG}</td></tr>
 *   <tr><td>{@value #INFLUX_BUCKET}</td><td>{@value #DEFAULT_BUCKET}</td></tr>
 *   <tr><td>{@value #INFLUX_TOKEN}</td><td>required</td></tr>
 *   <tr><td>{@value #BATCH_SIZE}</td><td>{@value #DEFAULT_BATCH_SIZE} points per write</td></tr>
 *   <tr><td>{@value #FLUSH_INTERVAL_MS}</td><td>1000: the longest a point waits for its batch to fill</td></tr>
 *   <tr><td>{@value #BACKOFF_INITIAL_MS}</td><td>500: the wait after the first failed write</td></tr>
 *   <tr><td>{@value #BACKOFF_MAX_MS}</td><td>30000: the wait doubles after each failure up to this</td></tr>
 *   <tr><td>{@value #WRITE_TIMEOUT_MS}</td><td>10000: connect, send and answer, each</td></tr>
 *   <tr><td>{@value #ACK_WAIT_MS}</td><td>60000: the longest an ack waits for its command</td></tr>
 *   <tr><td>{@value #COMMANDS_LOOKBACK_MS}</td><td>86400000 (a day) of commands read again at start, so that
 *       acks still to come find theirs; 0 reads none</td></tr>
 *   <tr><td>{@value #TOPIC_EPOCHS}, {@value #TOPIC_COMMANDS}, {@value #TOPIC_ACKS}, {@value #TOPIC_DECISIONS},
 *       {@value #TOPIC_FPT_STATS}, {@value #TOPIC_PLATEAU}</td><td>the names in {@link Topics}</td></tr>
 *   <tr><td>{@code security.protocol}, {@code sasl.*}, {@code ssl.*} ({@link KafkaSecurity#KEYS})</td>
 *       <td>plaintext; how the consumer authenticates and encrypts, as {@link KafkaSecurity} reads them</td></tr>
 *   <tr><td>{@code kafka.<name>}</td><td>passed to the Kafka consumer as {@code <name>}</td></tr>
 * </table>
 */
public final class SinkConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String GROUP_ID = "group.id";
    public static final String INFLUX_URL = "influx.url";
    public static final String INFLUX_ORG = "influx.org";
    public static final String INFLUX_BUCKET = "influx.bucket";
    public static final String INFLUX_TOKEN = "influx.token";
    public static final String BATCH_SIZE = "batch.size";
    public static final String FLUSH_INTERVAL_MS = "flush.interval.ms";
    public static final String BACKOFF_INITIAL_MS = "backoff.initial.ms";
    public static final String BACKOFF_MAX_MS = "backoff.max.ms";
    public static final String WRITE_TIMEOUT_MS = "write.timeout.ms";
    public static final String ACK_WAIT_MS = "ack.wait.ms";
    public static final String COMMANDS_LOOKBACK_MS = "commands.lookback.ms";
    public static final String TOPIC_EPOCHS = "topic.epochs";
    public static final String TOPIC_COMMANDS = "topic.commands";
    public static final String TOPIC_ACKS = "topic.acks";
    public static final String TOPIC_DECISIONS = "topic.decisions";
    public static final String TOPIC_FPT_STATS = "topic.fpt-stats";
    public static final String TOPIC_PLATEAU = "topic.plateau";
    /** Keys starting with this prefix are handed to the Kafka consumer without it. */
    public static final String KAFKA_PREFIX = "kafka.";

    public static final String DEFAULT_GROUP_ID = "firstpass-sink";
    public static final String DEFAULT_URL = "http://localhost:8086";
    public static final String DEFAULT_ORG = "firstpass";
    public static final String DEFAULT_BUCKET = "firstpass";
    public static final int DEFAULT_BATCH_SIZE = 5000;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(30);
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_ACK_WAIT = Duration.ofMinutes(1);
    public static final Duration DEFAULT_COMMANDS_LOOKBACK = Duration.ofDays(1);

    private static final Set<String> KEYS = keys();

    private final List<String> problems;
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
        SinkSettingsReader in = new SinkSettingsReader(values);
        kafkaOverrides = in.prefixed(KAFKA_PREFIX);
        in.rejectUnknown(KEYS, KAFKA_PREFIX, "for the Kafka consumer");
        bootstrapServers = in.hostPorts(BOOTSTRAP_SERVERS);
        groupId = in.text(GROUP_ID, DEFAULT_GROUP_ID);
        url = in.httpUrl(INFLUX_URL, DEFAULT_URL);
        org = in.text(INFLUX_ORG, DEFAULT_ORG);
        bucket = in.text(INFLUX_BUCKET, DEFAULT_BUCKET);
        token = in.secret(INFLUX_TOKEN);
        batchSize = (int) Math.min(Integer.MAX_VALUE, in.whole(BATCH_SIZE, DEFAULT_BATCH_SIZE, 1));
        flushInterval = millis(in, FLUSH_INTERVAL_MS, DEFAULT_FLUSH_INTERVAL, 1);
        backoffInitial = millis(in, BACKOFF_INITIAL_MS, DEFAULT_BACKOFF_INITIAL, 1);
        backoffMax = millis(in, BACKOFF_MAX_MS, DEFAULT_BACKOFF_MAX, 1);
        in.check(backoffMax.compareTo(backoffInitial) >= 0, BACKOFF_MAX_MS + " must be at least "
                + BACKOFF_INITIAL_MS + " (" + backoffInitial.toMillis() + "): " + backoffMax.toMillis());
        writeTimeout = millis(in, WRITE_TIMEOUT_MS, DEFAULT_WRITE_TIMEOUT, 1);
        ackWait = millis(in, ACK_WAIT_MS, DEFAULT_ACK_WAIT, 0);
        commandsLookback = millis(in, COMMANDS_LOOKBACK_MS, DEFAULT_COMMANDS_LOOKBACK, 0);
        SinkTopics byDefault = SinkTopics.defaults();
        topics = new SinkTopics(
                in.topic(TOPIC_EPOCHS, byDefault.epochs()),
                in.topic(TOPIC_COMMANDS, byDefault.commands()),
                in.topic(TOPIC_ACKS, byDefault.acks()),
                in.topic(TOPIC_DECISIONS, byDefault.decisions()),
                in.topic(TOPIC_FPT_STATS, byDefault.fptStats()),
                in.topic(TOPIC_PLATEAU, byDefault.plateau()));
        // One topic read for two purposes would have its records written as both.
        in.check(topics.all().size() == 6, "topic.* must name six different topics: " + String.join(", ",
                List.of(topics.epochs(), topics.commands(), topics.acks(), topics.decisions(), topics.fptStats(),
                        topics.plateau())));
        security = KafkaSecurity.read(in);
        problems = in.messages();
    }

    private static Set<String> keys() {
        Set<String> keys = new HashSet<>(Set.of(BOOTSTRAP_SERVERS, GROUP_ID, INFLUX_URL, INFLUX_ORG, INFLUX_BUCKET,
                INFLUX_TOKEN, BATCH_SIZE, FLUSH_INTERVAL_MS, BACKOFF_INITIAL_MS, BACKOFF_MAX_MS, WRITE_TIMEOUT_MS,
                ACK_WAIT_MS, COMMANDS_LOOKBACK_MS, TOPIC_EPOCHS, TOPIC_COMMANDS, TOPIC_ACKS, TOPIC_DECISIONS,
                TOPIC_FPT_STATS, TOPIC_PLATEAU));
        keys.addAll(KafkaSecurity.KEYS);
        return Set.copyOf(keys);
    }

    private static Duration millis(SinkSettingsReader in, String key, Duration whenAbsent, long min) {
        return Duration.ofMillis(in.whole(key, whenAbsent.toMillis(), min));
    }

    /**
     * This configuration, if it is usable.
     *
     * @throws SinkConfigException listing every problem found
     */
    public SinkConfig validate() {
        if (!problems.isEmpty()) {
            throw new SinkConfigException(problems);
        }
        return this;
    }

    /** Every problem found, unknown keys first, then in the order of the table above; empty when usable. */
    public List<String> problems() {
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
