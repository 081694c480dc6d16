package dev.firstpass.monitor;

import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.TopicRole;
import dev.firstpass.monitor.deadletter.DeadLetters;
import dev.firstpass.monitor.experiment.ExperimentProcessing;
import dev.firstpass.monitor.experiment.ExperimentStores;
import dev.firstpass.monitor.input.CoPartitioning;
import dev.firstpass.monitor.input.InputParsers;
import dev.firstpass.monitor.input.RunInput;
import dev.firstpass.monitor.run.RunOutput;
import dev.firstpass.monitor.run.RunProcessing;
import dev.firstpass.monitor.run.RunRules;
import dev.firstpass.monitor.serde.MonitorSerdes;
import dev.firstpass.monitor.stats.ExperimentAnalyzer;
import dev.firstpass.monitor.stats.StatsSettings;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The monitor's one topology, used by the application and by the tests alike.
 *
 * <pre>
 * epoch-events-source -> epoch-events-parser --+
 * acks-source         -> acks-parser ----------+-> run-inputs -> run-inputs-router
 * lifecycle-source    -> lifecycle-parser -----+        |
 *     run-inputs-routed-in-place ---------------------------------------+
 *     run-inputs-routed-misplaced -> (repartition by run id: run-inputs-by-run) -+-> run-state-processor
 *                                                          [firstpass-run-state, firstpass-run-epochs]
 *     run-outputs-dead-letters -> dead-letter-values -> dead-letter-writer -> dead-letter-sink
 *     run-outputs-plateau      -> plateau-values -> plateau-sink
 *     run-outputs-snapshots    -> snapshot-values -> (repartition by experiment: runs-by-experiment)
 *         -> experiment-state-processor [firstpass-experiment-state, firstpass-experiment-runs,
 *                                        firstpass-fpt-stats] -> fpt-stats-sink
 * </pre>
 *
 * <p>A run's state lives in the task of partition murmur2(run id) mod the run step's partition count,
 * where a Java producer puts records keyed by the run id. The router sends every input found in another
 * partition (a producer with another partitioner, such as librdkafka's CRC32; a foreign format keyed by
 * something else; input topics with different partition counts) through the repartition topic
 * {@code <application.id>-run-inputs-by-run-repartition}, keyed by run id, so that no record is ever
 * counted in another task than its run's; inputs already in place take no detour. With a foreign input
 * format (json, line-protocol) the epoch-events parser is the adapter, and a record may carry several
 * epoch events, kicks and run ends.
 *
 * <p>Every step is a Processor API processor with named, changelogged stores; the DSL only wires them
 * and supplies the repartition topics, which Kafka Streams then creates and purges itself. The run step
 * has as many partitions as the input topic that has the most, given to {@link #build} by whoever
 * looked them up ({@code MonitorApp} asks Kafka; the test driver has one).
 */
public final class MonitorTopology {

    /** {@code RunState} by run id. */
    public static final String RUN_STATE_STORE = "firstpass-run-state";
    /** {@code EpochValue} by run and epoch ({@code RunEpochKey}). */
    public static final String RUN_EPOCHS_STORE = "firstpass-run-epochs";
    /** {@code ExperimentState} by experiment. */
    public static final String EXPERIMENT_STATE_STORE = "firstpass-experiment-state";
    /** {@code RunSnapshot} by experiment and run ({@code ExperimentRunKey}). */
    public static final String EXPERIMENT_RUNS_STORE = "firstpass-experiment-runs";
    /** {@code LatestStats} by experiment. */
    public static final String FPT_STATS_STORE = "firstpass-fpt-stats";
    /** The name of the repartition from run id to experiment. */
    public static final String REPARTITION = "runs-by-experiment";
    /** The name of the repartition by run id of the inputs found outside their run's partition. */
    public static final String INPUT_REPARTITION = "run-inputs-by-run";

    public static final String EPOCH_EVENTS_SOURCE = "epoch-events-source";
    public static final String ACKS_SOURCE = "acks-source";
    public static final String LIFECYCLE_SOURCE = "lifecycle-source";
    public static final String EPOCH_EVENTS_PARSER = "epoch-events-parser";
    public static final String ACKS_PARSER = "acks-parser";
    public static final String LIFECYCLE_PARSER = "lifecycle-parser";
    public static final String RUN_INPUTS_ROUTER = "run-inputs-router";
    public static final String RUN_STATE_PROCESSOR = "run-state-processor";
    public static final String DEAD_LETTER_WRITER = "dead-letter-writer";
    public static final String DEAD_LETTER_SINK = "dead-letter-sink";
    public static final String PLATEAU_SINK = "plateau-sink";
    public static final String EXPERIMENT_STATE_PROCESSOR = "experiment-state-processor";
    public static final String FPT_STATS_SINK = "fpt-stats-sink";

    private MonitorTopology() {
    }

    /** The name of the repartition topic Kafka Streams creates for {@code applicationId}. */
    public static String repartitionTopic(String applicationId) {
        return applicationId + "-" + REPARTITION + "-repartition";
    }

    /** The name of the repartition topic by run id for {@code applicationId}. */
    public static String inputRepartitionTopic(String applicationId) {
        return applicationId + "-" + INPUT_REPARTITION + "-repartition";
    }

    /** A persistent store keyed by text, its changelog configured as {@link TopicRole#CHANGELOG} says. */
    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values)
                .withLoggingEnabled(TopicRole.CHANGELOG.configs());
    }

    /**
     * The topology for {@code config}, reading all time from {@code clock}, with a run step of
     * {@code runPartitions} partitions: the most partitions any input topic has.
     *
     * @throws MonitorConfigException when the configuration is not usable
     */
    public static Topology build(MonitorConfig config, Clock clock, int runPartitions) {
        config.validate();
        MonitorTopics topics = config.topics();
        Serde<byte[]> bytes = Serdes.ByteArray();
        Serde<String> text = Serdes.String();
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(store(RUN_STATE_STORE, MonitorSerdes.runState()).withCachingEnabled());
        // Each epoch is written once and rarely read back: a cache would only hold it until the commit.
        builder.addStateStore(store(RUN_EPOCHS_STORE, MonitorSerdes.epochValue()));
        builder.addStateStore(store(EXPERIMENT_STATE_STORE, MonitorSerdes.experimentState()).withCachingEnabled());
        builder.addStateStore(store(EXPERIMENT_RUNS_STORE, MonitorSerdes.runSnapshot()).withCachingEnabled());
        builder.addStateStore(store(FPT_STATS_STORE, MonitorSerdes.latestStats()));

        KStream<byte[], byte[]> epochRecords = builder
                .stream(topics.epochs(), Consumed.with(bytes, bytes).withName(EPOCH_EVENTS_SOURCE));
        KStream<String, RunInput> epochs = epochRecords.process(config.nativeInput() ? InputParsers.epochEvents()
                : InputParsers.adapted(config.inputAdapter()), Named.as(EPOCH_EVENTS_PARSER));
        KStream<String, RunInput> acks = builder
                .stream(topics.acks(), Consumed.with(bytes, bytes).withName(ACKS_SOURCE))
                .process(InputParsers.acks(), Named.as(ACKS_PARSER));
        KStream<String, RunInput> lifecycle = builder
                .stream(topics.lifecycle(), Consumed.with(bytes, bytes).withName(LIFECYCLE_SOURCE))
                .process(InputParsers.lifecycle(), Named.as(LIFECYCLE_PARSER));

        RunRules rules = new RunRules(config.metric(), config.targets(), config.qss().window(), config.qss().alpha(),
                config.stallTimeout(), config.statisticsInterval(), config.snapshotInterval());
        Map<String, KStream<String, CoPartitioning.Routed>> routed = epochs
                .merge(acks, Named.as("run-inputs-epochs-acks"))
                .merge(lifecycle, Named.as("run-inputs"))
                .process(CoPartitioning.router(runPartitions), Named.as(RUN_INPUTS_ROUTER))
                .split(Named.as("run-inputs-routed-"))
                .branch((key, input) -> input.inPlace(), Branched.as("in-place"))
                .defaultBranch(Branched.as("misplaced"));
        KStream<String, RunInput> repaired = routed.get("run-inputs-routed-misplaced")
                .mapValues(CoPartitioning.Routed::input, Named.as("run-inputs-misplaced-values"))
                .repartition(Repartitioned.with(text, MonitorSerdes.runInput()).withName(INPUT_REPARTITION)
                        .withNumberOfPartitions(runPartitions));
        KStream<String, RunOutput> outputs = routed.get("run-inputs-routed-in-place")
                .mapValues(CoPartitioning.Routed::input, Named.as("run-inputs-in-place-values"))
                .merge(repaired, Named.as("run-inputs-by-run"))
                .process(RunProcessing.processor(RUN_STATE_STORE, RUN_EPOCHS_STORE, rules, clock),
                        Named.as(RUN_STATE_PROCESSOR), RUN_STATE_STORE, RUN_EPOCHS_STORE);

        StatsSettings stats = new StatsSettings(config.metric(), config.direction(), config.targets(),
                config.perturbation(), config.analysisSettings());
        ExperimentStores stores = new ExperimentStores(EXPERIMENT_STATE_STORE, EXPERIMENT_RUNS_STORE, FPT_STATS_STORE);
        outputs.split(Named.as("run-outputs-"))
                .branch((key, out) -> out instanceof RunOutput.Rejected, Branched.withConsumer(rejected -> rejected
                        .mapValues(out -> ((RunOutput.Rejected) out).deadLetter(), Named.as("dead-letter-values"))
                        .process(DeadLetters.writer(), Named.as(DEAD_LETTER_WRITER))
                        .to(topics.deadLetters(), Produced.with(bytes, bytes).withName(DEAD_LETTER_SINK)),
                        "dead-letters"))
                .branch((key, out) -> out instanceof RunOutput.PlateauChange, Branched.withConsumer(plateau -> plateau
                        .mapValues(out -> ((RunOutput.PlateauChange) out).event(), Named.as("plateau-values"))
                        .to(topics.plateau(), Produced.with(text, MonitorSerdes.plateauEvent()).withName(PLATEAU_SINK)),
                        "plateau"))
                .branch((key, out) -> out instanceof RunOutput.Snapshot, Branched.withConsumer(snapshots -> snapshots
                        .mapValues(out -> ((RunOutput.Snapshot) out).snapshot(), Named.as("snapshot-values"))
                        .repartition(Repartitioned.with(text, MonitorSerdes.runSnapshot()).withName(REPARTITION))
                        .process(ExperimentProcessing.processor(stores, ExperimentAnalyzer.firstPassage(stats),
                                config.statisticsInterval(), clock), Named.as(EXPERIMENT_STATE_PROCESSOR),
                                EXPERIMENT_STATE_STORE, EXPERIMENT_RUNS_STORE, FPT_STATS_STORE)
                        .to(topics.fptStats(), Produced.<String, FptStats>with(text, MonitorSerdes.fptStats())
                                .withName(FPT_STATS_SINK)),
                        "snapshots"))
                .noDefaultBranch();
        return builder.build();
    }
}
