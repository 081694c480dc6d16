package dev.firstpass.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.monitor.query.ExperimentView;
import dev.firstpass.monitor.query.QueriesUnavailableException;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two monitor instances with one application id on 3-partition topics split the tasks between them
 * and together publish exactly the statistics one instance publishes alone.
 */
class ScaleOutTest {

    private static final int PARTITIONS = 3;
    private static final int RUNS_PER_ARM = 10;
    private static final int EPOCHS = 40;
    private static final int PERIOD = 10;
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Set<String> ALL_TASKS = Set.of("0_0", "0_1", "0_2", "1_0", "1_1", "1_2");

    @TempDir
    Path dir;

    @Test
    void twoInstancesShareTheWorkAndPublishWhatOneInstancePublishes() throws Exception {
        List<String> experiments = oneExperimentPerPartition();
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral()
                .withDefaultPartitions(PARTITIONS))) {
            Map<String, Integer> topics = new HashMap<>();
            Topics.all().forEach(topic -> topics.put(topic, PARTITIONS));
            topics.put("stats.two", PARTITIONS);
            topics.put("stats.one", PARTITIONS);
            kafka.createTopics(topics);

            // The single instance runs beside the pair, under its own application id and output topic.
            try (MonitorApp only = MonitorApp.start(config(kafka, "scale-one", "c", "stats.one"), Clock.systemUTC());
                    MonitorApp first = MonitorApp.start(config(kafka, "scale-two", "a", "stats.two"),
                            Clock.systemUTC());
                    MonitorApp second = MonitorApp.start(config(kafka, "scale-two", "b", "stats.two"),
                            Clock.systemUTC())) {
                await("the tasks split between both instances", () -> Optional.of(true).filter(ok -> {
                    Set<String> a = first.activeTasks();
                    Set<String> b = second.activeTasks();
                    return !a.isEmpty() && !b.isEmpty() && a.size() + b.size() == ALL_TASKS.size()
                            && union(a, b).equals(ALL_TASKS) && only.activeTasks().equals(ALL_TASKS);
                }));
                int epochs = publish(kafka, experiments);

                Map<String, FptStats> shared = awaitPublished(kafka, "stats.two",
                        awaitAnalysed(experiments, epochs, List.of(first, second)));
                Map<String, FptStats> alone = awaitPublished(kafka, "stats.one",
                        awaitAnalysed(experiments, epochs, List.of(only)));

                assertThat(first.activeTasks()).isNotEmpty();
                assertThat(second.activeTasks()).isNotEmpty();
                assertThat(union(first.activeTasks(), second.activeTasks())).isEqualTo(ALL_TASKS);
                assertThat(shared.keySet()).hasSize(experiments.size() * 2).isEqualTo(alone.keySet());
                shared.forEach((key, stats) -> assertThat(stats).as(key).usingRecursiveComparison()
                        .ignoringFields("time").isEqualTo(alone.get(key)));
                assertThat(shared.values()).anyMatch(stats -> stats.tauStar() != null);
            }
        }
    }
    private MonitorConfig config(EmbeddedKafkaBroker kafka, String applicationId, String instance, String statsTopic) {
        Map<String, String> settings = new HashMap<>();
        settings.put(MonitorConfig.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
        settings.put(MonitorConfig.APPLICATION_ID.key(), applicationId);
        settings.put(MonitorConfig.STATE_DIR.key(), dir.resolve(instance).toString());
        settings.put(MonitorConfig.METRIC.key(), "test_acc");
        settings.put(MonitorConfig.TARGETS.key(), "0.78");
        settings.put(MonitorConfig.BOOTSTRAP_RESAMPLES.key(), "20");
        settings.put(MonitorConfig.STATISTICS_INTERVAL.key(), "500ms");
        settings.put(MonitorConfig.TOPIC_FPT_STATS.key(), statsTopic);
        settings.put("streams.commit.interval.ms", "200");
        return new MonitorConfig(settings);
    }

    /** Experiment ids whose records land on partitions 0, 1 and 2, so every experiment task has work. */
    private static List<String> oneExperimentPerPartition() {
        Map<Integer, String> byPartition = new TreeMap<>();
        for (int i = 0; byPartition.size() < PARTITIONS; i++) {
            String id = "exp-" + i;
            byPartition.putIfAbsent(Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS,
                    id);
        }
        return List.copyOf(byPartition.values());
    }

    /** A baseline and an arm kicked every 10 epochs per experiment; returns the epoch events sent. */
    private static int publish(EmbeddedKafkaBroker kafka, List<String> experiments) {
        Random random = new Random(20250206L);
        int sent = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers(), "enable.idempotence", true), new StringSerializer(), new StringSerializer())) {
            for (String experiment : experiments) {
                for (int i = 0; i < RUNS_PER_ARM; i++) {
                    sent += run(producer, experiment, "baseline", "b" + i, random, false);
                    sent += run(producer, experiment, "tau-" + PERIOD, "k" + i, random, true);
                }
            }
            producer.flush();
        }
        return sent;
    }

    /**
     * One run relaxing towards a plateau level drawn in [0.6, 0.8); a kick after every tenth epoch drops
     * it to 70% and draws a fresh level, so kicks help runs stuck low.
     */
    private static int run(KafkaProducer<String, String> producer, String experiment, String arm, String name,
            Random random, boolean kicked) {
        String runId = experiment + "/" + name;
        double level = 0.6 + 0.2 * random.nextDouble();
        double from = 0.1;
        int since = 0;
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            double clean = level - (level - from) * Math.exp(-(epoch - since) / 2.0);
            double value = clean + 0.01 * random.nextGaussian();
            EpochEvent event = new EpochEvent(experiment, runId, arm, epoch, 0, Instant.EPOCH.plusSeconds(epoch),
                    Map.of("test_acc", value), 0, Map.of());
            producer.send(new ProducerRecord<>(Topics.EPOCH_EVENTS, runId, ProtocolJson.write(event)));
            if (kicked && epoch % PERIOD == 0 && epoch < EPOCHS) {
                Ack ack = new Ack(runId + "-" + epoch, experiment, runId, Ack.Status.APPLIED, epoch, null,
                        Instant.EPOCH.plusSeconds(epoch));
                producer.send(new ProducerRecord<>(Topics.ACKS, runId, ProtocolJson.write(ack)));
                from = 0.7 * clean;
                level = 0.6 + 0.2 * random.nextDouble();
                since = epoch;
            }
        }
        return EPOCHS;
    }

    /**
     * Waits until every experiment is analysed with all its epochs, each on exactly one of {@code apps};
     * returns the latest statistics by key.
     */
    private static Map<String, FptStats> awaitAnalysed(List<String> experiments, int epochs, List<MonitorApp> apps)
            throws InterruptedException {
        int perExperiment = epochs / experiments.size();
        return await("every experiment analysed with all its epochs", () -> {
            Map<String, FptStats> stats = new TreeMap<>();
            Set<String> analysed = new TreeSet<>();
            for (MonitorApp app : apps) {
                for (String experiment : experiments) {
                    Optional<ExperimentView> view = app.queries().experiment(experiment);
                    if (view.isPresent() && view.get().epochs() == perExperiment && !view.get().pending()) {
                        assertThat(analysed.add(experiment)).as(experiment + " held by one instance").isTrue();
                        view.get().stats().forEach(s -> stats.put(s.experiment() + "|" + s.arm() + "|" + s.target(), s));
                    }
                }
            }
            return analysed.size() == experiments.size() ? Optional.of(stats) : Optional.empty();
        });
    }

    /** Waits until the committed records of {@code topic} end, key by key, with {@code expected}. */
    private static Map<String, FptStats> awaitPublished(EmbeddedKafkaBroker kafka, String topic,
            Map<String, FptStats> expected) throws InterruptedException {
        return await(topic + " holding the latest statistics", () -> Optional.of(latestPublished(kafka, topic))
                .filter(expected::equals));
    }

    /** The last record of every key of {@code topic}, committed ones only. */
    private static Map<String, FptStats> latestPublished(EmbeddedKafkaBroker kafka, String topic) {
        Map<String, FptStats> latest = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers(), "isolation.level", "read_committed"), new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    latest.put(record.key(), ProtocolJson.parseFptStats(record.value()));
                }
            }
        }
        return latest;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static <T> T await(String what, Supplier<Optional<T>> probe) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Optional<T> value = probe.get();
                if (value.isPresent()) {
                    return value.get();
                }
            } catch (QueriesUnavailableException notYet) {
                // starting or rebalancing
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
