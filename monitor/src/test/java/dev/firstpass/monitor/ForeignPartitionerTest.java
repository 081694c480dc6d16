package dev.firstpass.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.core.fpt.analysis.AnalysisSettings;
import dev.firstpass.core.fpt.analysis.Arm;
import dev.firstpass.core.fpt.analysis.ExperimentInput;
import dev.firstpass.core.fpt.analysis.ExperimentReport;
import dev.firstpass.core.fpt.analysis.FirstPassageAnalysis;
import dev.firstpass.core.fpt.analysis.ProgressListener;
import dev.firstpass.core.fpt.qss.QssSettings;
import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.fpt.trajectory.Trajectory;
import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.RunFinished;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.monitor.input.CoPartitioning;
import dev.firstpass.monitor.query.ExperimentView;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records keyed by run id but partitioned as librdkafka does (CRC32 of the key, the default of kcat,
 * confluent-kafka and most non-Java clients) reach their run's state all the same: the monitor
 * publishes exactly what the offline analysis computes, before and after a restart, and nothing goes to
 * the dead-letter topic.
 */
class ForeignPartitionerTest {

    private static final int PARTITIONS = 3;
    private static final int RUNS_PER_ARM = 16;
    private static final int EPOCHS = 60;
    private static final int PERIOD = 10;
    private static final String EXPERIMENT = "crc32";
    private static final List<Target> TARGETS = List.of(Target.atLeast(0.75), Target.atLeast(0.78));
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Instant TIME = Instant.parse("2025-02-06T12:00:00Z");

    @TempDir
    Path dir;

    /** librdkafka's default for keyed records ("consistent_random"): CRC32 of the key, modulo the partitions. */
    public static final class Crc32Partitioner implements Partitioner {
        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                Cluster cluster) {
            CRC32 crc = new CRC32();
            crc.update(keyBytes);
            return (int) (crc.getValue() % cluster.partitionCountForTopic(topic));
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    @Test
    void acksAndRunEndsFromAnotherPartitionerAreCountedInTheirRunsTaskBeforeAndAfterARestart() throws Exception {
        Random random = new Random(20250206L);
        List<Trajectory> baselineRuns = new ArrayList<>();
        List<Trajectory> kickedRuns = new ArrayList<>();
        List<ProducerRecord<String, String>> epochs = new ArrayList<>();
        List<ProducerRecord<String, String>> acks = new ArrayList<>();
        List<ProducerRecord<String, String>> ends = new ArrayList<>();
        for (int i = 0; i < RUNS_PER_ARM; i++) {
            for (boolean kicked : new boolean[] {false, true}) {
                String run = (kicked ? "k" : "b") + i;
                String arm = kicked ? "tau-10" : "baseline";
                double[] values = OfflineOnlineEquivalenceTest.run(random, kicked);
                (kicked ? kickedRuns : baselineRuns).add(Trajectory.ofEpochValues(run, values));
                for (int epoch = 1; epoch <= EPOCHS; epoch++) {
                    epochs.add(record(Topics.EPOCH_EVENTS, run, new EpochEvent(EXPERIMENT, run, arm, epoch, 0, TIME,
                            Map.of("test_acc", values[epoch - 1]), 0, Map.of())));
                    if (kicked && epoch % PERIOD == 0 && epoch < EPOCHS) {
                        acks.add(record(Topics.ACKS, run, new Ack("cmd-" + run + "-" + epoch, EXPERIMENT, run,
                                Ack.Status.APPLIED, epoch, null, TIME)));
                    }
                }
                ends.add(record(Topics.RUN_LIFECYCLE, run, new RunFinished(EXPERIMENT, run, TIME,
                        RunFinished.Reason.COMPLETED, EPOCHS)));
            }
        }
        ExperimentReport offline = FirstPassageAnalysis.analyze(new ExperimentInput("test_acc",
                TARGETS.get(0).direction(), PerturbationKind.SHRINK_PERTURB, Arm.unperturbed("baseline", baselineRuns),
                Optional.of(Arm.kickedEvery(PERIOD, "tau-10", kickedRuns)), List.of()), TARGETS,
                new AnalysisSettings(QssSettings.defaults(), 50, AnalysisSettings.DEFAULT_CONFIDENCE,
                        AnalysisSettings.DEFAULT_SEED, 0), ProgressListener.SILENT);
        // Most of the kicked runs' acks land in another partition than their epochs; the test needs some.
        assertThat(acks.stream().filter(ack -> crc32Partition(ack.key()) != CoPartitioning.partitionOf(ack.key(),
                PARTITIONS)).count()).isGreaterThan(acks.size() / 3);

        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral()
                .withDefaultPartitions(PARTITIONS))) {
            Map<String, Integer> topics = new HashMap<>();
            Topics.all().forEach(topic -> topics.put(topic, PARTITIONS));
            kafka.createTopics(topics);
            // Epochs from a Java client; acks and run ends from one that partitions as librdkafka does.
            publish(kafka, epochs, null);
            publish(kafka, acks, Crc32Partitioner.class);
            Instant firstAnalysis;
            try (MonitorApp monitor = MonitorApp.start(config(kafka), Clock.systemUTC())) {
                ExperimentView view = analysed(monitor, Instant.EPOCH, offline);
                expectOffline(view, offline);
                assertThat(monitor.dlqCount()).isZero();
                firstAnalysis = view.stats().get(0).time();
            }
            // After a restart the runs report their ends: the state restored, the experiment analysed again.
            try (MonitorApp restarted = MonitorApp.start(config(kafka), Clock.systemUTC())) {
                publish(kafka, ends, Crc32Partitioner.class);
                ExperimentView view = analysed(restarted, firstAnalysis, offline);
                expectOffline(view, offline);
                assertThat(restarted.dlqCount()).isZero();
            }
            assertThat(rerouted(kafka)).as("records re-routed through the repartition by run id").isPositive();
        }
    }

    private static ProducerRecord<String, String> record(String topic, String runId,
            dev.firstpass.core.protocol.WireMessage message) {
        return new ProducerRecord<>(topic, runId, ProtocolJson.write(message));
    }

    private static int crc32Partition(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % PARTITIONS);
    }

    private static void publish(EmbeddedKafkaBroker kafka, List<ProducerRecord<String, String>> records,
            Class<? extends Partitioner> partitioner) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        if (partitioner != null) {
            props.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, partitioner.getName());
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    private MonitorConfig config(EmbeddedKafkaBroker kafka) {
        Map<String, String> settings = new HashMap<>();
        settings.put(MonitorConfig.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
        settings.put(MonitorConfig.APPLICATION_ID.key(), "crc32-app");
        settings.put(MonitorConfig.STATE_DIR.key(), dir.resolve("state").toString());
        settings.put(MonitorConfig.METRIC.key(), "test_acc");
        settings.put(MonitorConfig.TARGETS.key(), "0.75,0.78");
        settings.put(MonitorConfig.BOOTSTRAP_RESAMPLES.key(), "50");
        settings.put(MonitorConfig.STATISTICS_INTERVAL.key(), "500ms");
        settings.put("streams.commit.interval.ms", "100");
        return new MonitorConfig(settings);
    }

    /**
     * The experiment once every epoch is held and analysed, by an analysis later than {@code after}, into
     * the offline statistics. Acks travel apart from epochs (most of them through the repartition topic),
     * so the last kicks may be counted an analysis after the last epoch: the statistics are awaited, and
     * when they never come the latest view is compared, to say which field differs.
     */
    private static ExperimentView analysed(MonitorApp monitor, Instant after, ExperimentReport offline)
            throws InterruptedException {
        AtomicReference<ExperimentView> latest = new AtomicReference<>();
        try {
            return Eventually.await("every epoch of " + EXPERIMENT + " analysed after " + after, PATIENCE, () -> {
                try {
                    return monitor.queries().experiment(EXPERIMENT)
                            .filter(view -> view.epochs() == 2 * RUNS_PER_ARM * EPOCHS && !view.pending()
                                    && view.stats().size() == 4
                                    && view.stats().stream().allMatch(stats -> stats.time().isAfter(after)))
                            .map(view -> {
                                latest.set(view);
                                return view;
                            })
                            .filter(view -> matchesOffline(view, offline));
                } catch (RuntimeException storesNotReady) {
                    return Optional.empty();
                }
            });
        } catch (AssertionError timedOut) {
            if (latest.get() != null) {
                expectOffline(latest.get(), offline);
            }
            throw timedOut;
        }
    }

    private static boolean matchesOffline(ExperimentView view, ExperimentReport offline) {
        try {
            expectOffline(view, offline);
            return true;
        } catch (AssertionError notYet) {
            return false;
        }
    }

    private static void expectOffline(ExperimentView view, ExperimentReport offline) {
        assertThat(view.runs()).isEqualTo(2 * RUNS_PER_ARM);
        Map<String, FptStats> published = view.stats().stream()
                .collect(Collectors.toMap(s -> s.arm() + "|" + s.target(), s -> s));
        for (int i = 0; i < TARGETS.size(); i++) {
            double threshold = TARGETS.get(i).threshold();
            OfflineExpectations.baseline(published.get("baseline|" + threshold), offline, offline.targets().get(i),
                    "baseline");
            OfflineExpectations.probe(published.get("tau-10|" + threshold), offline, offline.targets().get(i),
                    "tau-10");
        }
    }

    private static long rerouted(EmbeddedKafkaBroker kafka) throws Exception {
        String topic = MonitorTopology.inputRepartitionTopic("crc32-app");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                ends.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(ends).all().get().values().stream().mapToLong(info -> info.offset()).sum();
        }
    }
}
