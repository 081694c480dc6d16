package dev.firstpass.monitor;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.RunFinished;
import dev.firstpass.core.protocol.RunStarted;
import dev.firstpass.core.protocol.WireMessage;
import dev.firstpass.core.time.ManualClock;
import dev.firstpass.monitor.experiment.ExperimentRunKey;
import dev.firstpass.monitor.experiment.ExperimentState;
import dev.firstpass.monitor.experiment.LatestStats;
import dev.firstpass.monitor.query.MonitorQueries;
import dev.firstpass.monitor.run.EpochValue;
import dev.firstpass.monitor.run.RunEpochKey;
import dev.firstpass.monitor.run.RunSnapshot;
import dev.firstpass.monitor.run.RunState;
import dev.firstpass.monitor.serde.MonitorSerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The monitor's topology in a {@link TopologyTestDriver}, with a hand-driven clock and helpers that
 * write protocol messages with explicit record timestamps.
 */
final class MonitorHarness implements AutoCloseable {

    static final Instant START = Instant.parse("2025-02-06T12:00:00Z");
    static final String EXPERIMENT = "e1";
    static final Duration INTERVAL = Duration.ofSeconds(5);

    final ManualClock clock;
    final MonitorConfig config;
    final TopologyTestDriver driver;
    final TestInputTopic<String, String> epochs;
    final TestInputTopic<String, String> acks;
    final TestInputTopic<String, String> lifecycle;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    final TestOutputTopic<String, String> fptStats;
    final TestOutputTopic<String, String> plateau;
    final TestOutputTopic<String, RunSnapshot> snapshots;
    private long recordTime = START.toEpochMilli();

    private MonitorHarness(ManualClock clock, MonitorConfig config) {
        this.clock = clock;
        this.config = config;
        this.driver = new TopologyTestDriver(MonitorTopology.build(config, clock, 1), config.toStreamsProperties(),
                clock.instant());
        StringSerializer text = new StringSerializer();
        MonitorTopics topics = config.topics();
        epochs = driver.createInputTopic(topics.epochs(), text, text);
        acks = driver.createInputTopic(topics.acks(), text, text);
        lifecycle = driver.createInputTopic(topics.lifecycle(), text, text);
        deadLetters = driver.createOutputTopic(topics.deadLetters(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        fptStats = driver.createOutputTopic(topics.fptStats(), new StringDeserializer(), new StringDeserializer());
        plateau = driver.createOutputTopic(topics.plateau(), new StringDeserializer(), new StringDeserializer());
        snapshots = driver.createOutputTopic(MonitorTopology.repartitionTopic(config.applicationId()),
                new StringDeserializer(), MonitorSerdes.runSnapshot().deserializer());
    }

    /**
     * Settings for a test: test_acc rising to 0.8, a 5 s statistics interval, a 10 min stall timeout, and
     * every change of a run sent to its experiment at once, so each input's effect can be asserted.
     */
    static Map<String, String> settings(Path stateDir) {
        Map<String, String> settings = new HashMap<>();
        settings.put(MonitorConfig.BOOTSTRAP_SERVERS.key(), "127.0.0.1:9092");
        settings.put(MonitorConfig.APPLICATION_ID.key(), "monitor-test");
        settings.put(MonitorConfig.STATE_DIR.key(), stateDir.toString());
        settings.put(MonitorConfig.METRIC.key(), "test_acc");
        settings.put(MonitorConfig.TARGETS.key(), "0.8");
        settings.put(MonitorConfig.STATISTICS_INTERVAL.key(), INTERVAL.toMillis() + "ms");
        settings.put(MonitorConfig.SNAPSHOT_INTERVAL.key(), "0ms");
        settings.put("streams.statestore.cache.max.bytes", "0");
        return settings;
    }

    static MonitorHarness start(Map<String, String> settings) {
        return start(settings, new ManualClock(START));
    }

    static MonitorHarness start(Map<String, String> settings, ManualClock clock) {
        return new MonitorHarness(clock, new MonitorConfig(settings).validate());
    }

    static EpochEvent event(String run, String arm, int epoch, int segment, Map<String, Double> metrics) {
        return new EpochEvent(EXPERIMENT, run, arm, epoch, segment, START.plusSeconds(epoch), metrics, 0, Map.of());
    }

    static EpochEvent event(String run, int epoch, double testAcc) {
        return event(run, null, epoch, 0, Map.of("test_acc", testAcc));
    }

    /** Epoch events for epochs 1.. of {@code run}, in order. */
    void run(String run, String arm, double... values) {
        for (int i = 0; i < values.length; i++) {
            send(event(run, arm, i + 1, 0, Map.of("test_acc", values[i])));
        }
    }

    void send(EpochEvent event) {
        epochs.pipeInput(event.runId(), ProtocolJson.write(event), nextTime());
    }

    void sendRaw(String key, String json) {
        epochs.pipeInput(key, json, nextTime());
    }

    void kicked(String run, int epoch) {
        Ack ack = new Ack("cmd-" + run, EXPERIMENT, run, Ack.Status.APPLIED, epoch, null, START);
        acks.pipeInput(run, ProtocolJson.write(ack), nextTime());
    }

    void started(String run, String arm) {
        lifecycle(new RunStarted(EXPERIMENT, run, arm, START, 1L, 100, false, Map.of()));
    }

    void finished(String run, int lastEpoch) {
        lifecycle(new RunFinished(EXPERIMENT, run, START, RunFinished.Reason.COMPLETED, lastEpoch));
    }

    void lifecycle(WireMessage message) {
        String run = message instanceof RunStarted s ? s.runId() : ((RunFinished) message).runId();
        lifecycle.pipeInput(run, ProtocolJson.write(message), nextTime());
    }

    /** Moves the clock and Kafka Streams' wall clock on together, firing due punctuators. */
    void advance(Duration duration) {
        clock.advance(duration);
        driver.advanceWallClockTime(duration);
    }

    /** One statistics interval: dirty experiments are analysed. */
    void tick() {
        advance(INTERVAL);
    }

    /** The run's state and its epochs as stored, or null when the monitor holds nothing of it. */
    StoredRun runState(String run) {
        KeyValueStore<String, RunState> store = driver.getKeyValueStore(MonitorTopology.RUN_STATE_STORE);
        RunState state = store.get(run);
        return state == null ? null : new StoredRun(state, runEpochs(run));
    }

    /** The run's epochs as stored one entry each, by epoch. */
    SortedMap<Integer, EpochValue> runEpochs(String run) {
        KeyValueStore<String, EpochValue> store = driver.getKeyValueStore(MonitorTopology.RUN_EPOCHS_STORE);
        SortedMap<Integer, EpochValue> epochs = new TreeMap<>();
        try (KeyValueIterator<String, EpochValue> scan = store.prefixScan(RunEpochKey.prefix(run),
                new StringSerializer())) {
            scan.forEachRemaining(entry -> epochs.put(RunEpochKey.epochOf(entry.key), entry.value));
        }
        return epochs;
    }

    /** The snapshots the experiment step holds for {@code experiment}'s runs, by run id. */
    Map<String, RunSnapshot> experimentRuns(String experiment) {
        KeyValueStore<String, RunSnapshot> store = driver.getKeyValueStore(MonitorTopology.EXPERIMENT_RUNS_STORE);
        Map<String, RunSnapshot> runs = new TreeMap<>();
        try (KeyValueIterator<String, RunSnapshot> scan = store.prefixScan(ExperimentRunKey.prefix(experiment),
                new StringSerializer())) {
            scan.forEachRemaining(entry -> runs.put(entry.value.runId(), entry.value));
        }
        return runs;
    }

    MonitorQueries queries() {
        return MonitorQueries.fromStores(
                () -> driver.<String, ExperimentState>getKeyValueStore(MonitorTopology.EXPERIMENT_STATE_STORE),
                () -> driver.<String, LatestStats>getKeyValueStore(MonitorTopology.FPT_STATS_STORE));
    }

    /** The statistics published since the last call, by key; later records replace earlier ones. */
    Map<String, FptStats> publishedStats() {
        Map<String, FptStats> stats = new LinkedHashMap<>();
        fptStats.readKeyValuesToList().forEach(kv -> stats.put(kv.key, ProtocolJson.parseFptStats(kv.value)));
        return stats;
    }

    /** The run snapshots sent to the experiment step since the last call. */
    List<RunSnapshot> snapshotsSent() {
        return snapshots.readValuesToList();
    }

    List<String> plateauEvents() {
        return plateau.readValuesToList();
    }

    private long nextTime() {
        recordTime += 1000;
        return recordTime;
    }

    @Override
    public void close() {
        driver.close();
    }
}
