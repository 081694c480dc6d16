package dev.firstpass.cli.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.core.fpt.survival.KaplanMeier;
import dev.firstpass.core.fpt.trajectory.Passage;
import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.fpt.trajectory.Trajectory;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.monitor.MonitorApp;
import dev.firstpass.monitor.MonitorConfig;
import dev.firstpass.monitor.query.ExperimentView;
import dev.firstpass.monitor.query.QueriesUnavailableException;
import dev.firstpass.trainer.checkpoint.CheckpointSettings;
import dev.firstpass.trainer.dataset.DataSplits;
import dev.firstpass.trainer.dataset.Datasets;
import dev.firstpass.trainer.dataset.GeneratedData;
import dev.firstpass.trainer.model.ModelSpec;
import dev.firstpass.trainer.optimize.OptimizerSpec;
import dev.firstpass.trainer.publish.KafkaSettings;
import dev.firstpass.trainer.run.EndReason;
import dev.firstpass.trainer.run.MetricNames;
import dev.firstpass.trainer.run.RunEvent;
import dev.firstpass.trainer.run.RunListener;
import dev.firstpass.trainer.run.RunOutcome;
import dev.firstpass.trainer.run.TrainingJob;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real trainer killed mid-run and resumed from its checkpoint while the monitor runs: the monitor ends
 * with each epoch of the run once, and with the statistics of an uninterrupted run of the same seeds,
 * which are also those the core computes from the recorded trajectories.
 */
class ResumedTrainerMonitorTest {

    static {
        // Kafka and Kafka Streams log thousands of INFO lines; set before the first logger is created.
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }

    private static final DataSplits DATA = Datasets.generated(GeneratedData.ofSize(400, 100).withFeatures(8));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int EPOCHS = 8;
    private static final int KILLED_AFTER = 5;
    private static final int CHECKPOINT_EVERY = 2;
    private static final List<Long> SEEDS = List.of(0L, 1L);

    @TempDir
    Path dir;

    @Test
    void aKilledTrainerResumedFromItsCheckpointLeavesEachEpochOnceAndTheStatisticsOfAnUninterruptedRun()
            throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral())) {
            Map<String, Integer> topics = new HashMap<>();
            Topics.all().forEach(topic -> topics.put(topic, 1));
            kafka.createTopics(topics);
            KafkaSettings publish = KafkaSettings.at(kafka.bootstrapServers()).withSpoolDir(dir.resolve("spool"));

            Epochs steady = new Epochs();
            for (long seed : SEEDS) {
                job("steady", seed, publish, steady).build().run();
            }
            // The first new low of the first run's loss at or after the epoch the kill makes it repeat:
            // a target it first reaches in the part of the run trained again after resuming.
            double[] loss = steady.values("steady-s0");
            int passageEpoch = firstNewLowFrom(loss, KILLED_AFTER);
            double target = loss[passageEpoch - 1];

            try (MonitorApp monitor = MonitorApp.start(monitorConfig(kafka, target), Clock.systemUTC())) {
                awaitRunning(monitor);
                Epochs resumed = new Epochs();
                CheckpointSettings checkpoints = CheckpointSettings.everyEpochs(CHECKPOINT_EVERY,
                        dir.resolve("checkpoints"));
                TrainingJob[] first = new TrainingJob[1];
                first[0] = job("resumed", 0, publish, resumed).optCheckpoints(checkpoints)
                        .addListener(new RunListener() {
                            @Override
                            public void onEpoch(RunEvent.EpochCompleted event) {
                                if (event.epoch() == KILLED_AFTER) {
                                    first[0].close();
                                }
                            }
                        }).build();
                RunOutcome killed = first[0].run();
                RunOutcome finished = job("resumed", 0, publish, resumed).optCheckpoints(checkpoints).build().run();
                job("resumed", 1, publish, resumed).build().run();

                assertThat(killed.reason()).isEqualTo(EndReason.KILLED);
                assertThat(finished.reason()).isEqualTo(EndReason.COMPLETED);
                assertThat(finished.segment()).isEqualTo(1);
                // Epoch 5 twice on the wire: segment 0 reported it before the kill, segment 1 after
                // resuming from the checkpoint of epoch 4.
                assertThat(published(kafka, "resumed-s0")).containsExactly(tuple(1, 0), tuple(2, 0), tuple(3, 0),
                        tuple(4, 0), tuple(5, 0), tuple(5, 1), tuple(6, 1), tuple(7, 1), tuple(8, 1));
                // The resumed run retraces the uninterrupted one exactly, the repeated epoch included.
                assertThat(resumed.values("resumed-s0")).containsExactly(steady.values("steady-s0"));
                assertThat(resumed.segmentValues("resumed-s0", 0)).containsExactly(
                        Arrays.copyOf(steady.values("steady-s0"), KILLED_AFTER));

                ExperimentView interrupted = analysedWithEveryEpoch(monitor, "resumed");
                ExperimentView uninterrupted = analysedWithEveryEpoch(monitor, "steady");
                assertThat(interrupted.runs()).isEqualTo(uninterrupted.runs()).isEqualTo(SEEDS.size());
                assertThat(interrupted.stats()).usingRecursiveFieldByFieldElementComparatorIgnoringFields(
                        "experiment", "time").containsExactlyElementsOf(uninterrupted.stats());

                // And both are what the core computes from the recorded trajectories.
                Target reached = Target.atMost(target);
                List<Passage> passages = new ArrayList<>();
                for (long seed : SEEDS) {
                    passages.add(Passage.of(Trajectory.ofEpochValues("resumed-s" + seed,
                            resumed.values("resumed-s" + seed)), reached));
                }
                assertThat(passages.get(0)).isEqualTo(Passage.reachedAt(passageEpoch));
                FptStats baseline = interrupted.stats().get(0);
                assertThat(interrupted.stats()).hasSize(1);
                assertThat(baseline.runs()).isEqualTo(SEEDS.size());
                assertThat(baseline.censored()).isEqualTo((int) passages.stream().filter(Passage::censored).count());
                assertThat(baseline.survival()).containsExactly(Arrays.stream(KaplanMeier.estimate(passages).values())
                        .boxed().toArray(Double[]::new));
                assertThat(monitor.dlqCount()).isZero();
            }
        }
    }

    /** A small, fast job: 400 generated samples, an MLP with one hidden layer of 8, on the Kafka sink. */
    private static TrainingJob.Builder job(String experiment, long seed, KafkaSettings kafka, Epochs epochs) {
        return TrainingJob.builder()
                .setExperiment(experiment)
                .setData(DATA)
                .setModel(ModelSpec.mlp(8))
                .setOptimizer(OptimizerSpec.sgdWithMomentum(0.05, 0.9))
                .optSeed(seed)
                .optBatchSize(50)
                .optEpochs(EPOCHS)
                .optClock(CLOCK)
                .optKafka(kafka)
                .addListener(epochs);
    }

    /** The first epoch from {@code from} whose value is below every earlier one. */
    private static int firstNewLowFrom(double[] values, int from) {
        for (int epoch = from; epoch <= values.length; epoch++) {
            double before = Arrays.stream(values, 0, epoch - 1).min().orElseThrow();
            if (values[epoch - 1] < before) {
                return epoch;
            }
        }
        throw new AssertionError("the loss never falls to a new low from epoch " + from + ": "
                + Arrays.toString(values));
    }

    private MonitorConfig monitorConfig(EmbeddedKafkaBroker kafka, double target) {
        Map<String, String> settings = new HashMap<>();
        settings.put(MonitorConfig.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
        settings.put(MonitorConfig.APPLICATION_ID.key(), "resume-monitor");
        settings.put(MonitorConfig.STATE_DIR.key(), dir.resolve("monitor").toString());
        settings.put(MonitorConfig.METRIC.key(), MetricNames.TEST_LOSS);
        settings.put(MonitorConfig.DIRECTION.key(), "min");
        settings.put(MonitorConfig.TARGETS.key(), Double.toString(target));
        settings.put(MonitorConfig.STATISTICS_INTERVAL.key(), "100ms");
        settings.put(MonitorConfig.BOOTSTRAP_RESAMPLES.key(), "100");
        settings.put("streams.commit.interval.ms", "100");
        return new MonitorConfig(settings);
    }

    /** Every run's test loss by segment and epoch, as the trainers reported it. */
    private static final class Epochs implements RunListener {
        private final Map<String, Map<Integer, TreeMap<Integer, Double>>> bySegment = new HashMap<>();

        @Override
        public synchronized void onEpoch(RunEvent.EpochCompleted event) {
            bySegment.computeIfAbsent(event.runId(), run -> new TreeMap<>())
                    .computeIfAbsent(event.segment(), segment -> new TreeMap<>())
                    .put(event.epoch(), event.metrics().get(MetricNames.TEST_LOSS));
        }

        /** Epochs 1.. of the run, each from the latest segment that reported it. */
        synchronized double[] values(String runId) {
            TreeMap<Integer, Double> latest = new TreeMap<>();
            bySegment.get(runId).values().forEach(latest::putAll);
            assertThat(latest.keySet()).containsExactlyElementsOf(IntStream.rangeClosed(1, EPOCHS).boxed().toList());
            return latest.values().stream().mapToDouble(Double::doubleValue).toArray();
        }

        synchronized double[] segmentValues(String runId, int segment) {
            return bySegment.get(runId).get(segment).values().stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    /** (epoch, segment) of each epoch event of {@code runId} on the topic, in order. */
    private static List<Tuple> published(EmbeddedKafkaBroker kafka, String runId) {
        List<Tuple> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers()), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(Topics.EPOCH_EVENTS, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    EpochEvent event = ProtocolJson.parseEpochEvent(record.value());
                    if (event.runId().equals(runId)) {
                        events.add(tuple(event.epoch(), event.segment()));
                    }
                }
            }
        }
        return events;
    }

    private static void awaitRunning(MonitorApp monitor) throws InterruptedException {
        if (!monitor.awaitRunning(PATIENCE)) {
            throw new AssertionError("the monitor did not start: " + monitor.state());
        }
    }

    /** The experiment once the monitor holds every epoch of every run and has analysed them all. */
    private static ExperimentView analysedWithEveryEpoch(MonitorApp monitor, String experiment)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Optional<ExperimentView> last = Optional.empty();
        while (System.nanoTime() < deadline) {
            try {
                last = monitor.queries().experiment(experiment);
                if (last.filter(v -> v.epochs() == SEEDS.size() * EPOCHS && !v.pending() && !v.stats().isEmpty())
                        .isPresent()) {
                    return last.get();
                }
            } catch (QueriesUnavailableException notYet) {
                // starting, rebalancing or restoring
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the monitor did not analyse every epoch of " + experiment + "; last seen " + last);
    }
}
