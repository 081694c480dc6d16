package dev.firstpass.benchmarks;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.monitor.MonitorApp;
import dev.firstpass.monitor.MonitorConfig;
import dev.firstpass.monitor.query.ExperimentSummary;
import dev.firstpass.monitor.query.QueriesUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Measures how many epoch events per second the monitor consumes, against the floor of a plain consumer
 * that only parses them, both reading the same pre-published topic on an in-process broker.
 *
 * <p>Run on purpose (scripts/bench-monitor.sh), never as a test. Arguments: runs, epochs per run,
 * experiments (defaults 10000, 100, 4), and the partitioner of the producer: {@code java} (the default,
 * murmur2, every record already in its run's partition) or {@code crc32} (librdkafka's, two thirds of the
 * records re-routed by the monitor).
 */
public final class MonitorThroughputBenchmark {

    private static final int PARTITIONS = 3;
    private static final long PROGRESS_NANOS = Duration.ofSeconds(5).toNanos();
    /** Long enough that no analysis runs during the measurement: only run-state processing is timed. */
    private static final String STATISTICS_INTERVAL = "1h";

    private MonitorThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int experiments = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        boolean crc32 = args.length > 3 && args[3].equals("crc32");
        long total = (long) runs * epochs;
        Path stateDir = Files.createTempDirectory("monitor-bench-state");
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral()
                .withDefaultPartitions(PARTITIONS))) {
            Map<String, Integer> topics = new HashMap<>();
            Topics.all().forEach(topic -> topics.put(topic, PARTITIONS));
            kafka.createTopics(topics);
            System.out.printf("workload: %d runs x %d epochs = %,d epoch events, %d experiments, %d partitions,"
                    + " %s partitioner%n", runs, epochs, total, experiments, PARTITIONS, crc32 ? "crc32" : "java");
            publish(kafka, runs, epochs, experiments, crc32);
            double floor = parseOnly(kafka, total);
            double[] monitor = monitor(kafka, stateDir, total);
            System.out.printf("RESULT parse-only %.0f events/s, monitor %.0f events/s overall (%.3f of the floor),"
                    + " %.0f events/s once processing began (%.3f of the floor)%n",
                    floor, monitor[0], monitor[0] / floor, monitor[1], monitor[1] / floor);
        }
    }

    /** Epochs in order per run, runs interleaved in blocks, as many concurrent trainers would write them. */
    private static void publish(EmbeddedKafkaBroker kafka, int runs, int epochs, int experiments, boolean crc32) {
        Random random = new Random(42);
        long start = System.nanoTime();
        long sent = 0;
        long lastReport = start;
        Map<String, Object> props = new HashMap<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms",
                20, "batch.size", 262_144, "compression.type", "lz4"));
        if (crc32) {
            props.put("partitioner.class", Crc32Partitioner.class.getName());
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            int block = 100;
            for (int first = 0; first < runs; first += block) {
                for (int epoch = 1; epoch <= epochs; epoch++) {
                    for (int run = first; run < Math.min(runs, first + block); run++) {
                        String experiment = "bench-e" + (run % experiments);
                        String runId = experiment + "/r" + run;
                        double value = 0.9 - 0.8 * Math.exp(-epoch / 10.0) + 0.01 * random.nextGaussian();
                        EpochEvent event = new EpochEvent(experiment, runId, null, epoch, 0,
                                Instant.EPOCH.plusSeconds(epoch), Map.of("test_acc", value), 0, Map.of());
                        producer.send(new ProducerRecord<>(Topics.EPOCH_EVENTS, runId, ProtocolJson.write(event)));
                        sent++;
                        if (System.nanoTime() - lastReport > PROGRESS_NANOS) {
                            lastReport = System.nanoTime();
                            System.out.printf("publish: %,d sent%n", sent);
                        }
                    }
                }
            }
            producer.flush();
        }
        System.out.printf("publish: %,d events in %.1f s%n", sent, (System.nanoTime() - start) / 1e9);
    }

    /** The floor: a plain consumer that deserialises every record and does nothing else. */
    private static double parseOnly(EmbeddedKafkaBroker kafka, long total) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers(), "max.poll.records", 5000), new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(Topics.EPOCH_EVENTS, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long start = System.nanoTime();
            long lastReport = start;
            long parsed = 0;
            long epochSum = 0;
            while (parsed < total) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    // Summing a field keeps the parse from being optimised away.
                    epochSum += ProtocolJson.parseEpochEvent(record.value()).epoch();
                    parsed++;
                }
                if (System.nanoTime() - lastReport > PROGRESS_NANOS) {
                    lastReport = System.nanoTime();
                    System.out.printf("parse-only: %,d of %,d%n", parsed, total);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("parse-only: %,d events in %.1f s (epoch sum %d)%n", parsed, seconds, epochSum);
            return parsed / seconds;
        }
    }

    /**
     * The monitor from the beginning of the topic until every event has reached its experiment's state;
     * returns the rate overall (start-up and task assignment included) and from the first event held on.
     */
    private static double[] monitor(EmbeddedKafkaBroker kafka, Path stateDir, long total) throws InterruptedException {
        Map<String, String> settings = new HashMap<>();
        settings.put(MonitorConfig.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
        settings.put(MonitorConfig.APPLICATION_ID.key(), "monitor-throughput");
        settings.put(MonitorConfig.STATE_DIR.key(), stateDir.toString());
        settings.put(MonitorConfig.METRIC.key(), "test_acc");
        settings.put(MonitorConfig.TARGETS.key(), "0.85");
        settings.put(MonitorConfig.STATISTICS_INTERVAL.key(), STATISTICS_INTERVAL);
        settings.put(MonitorConfig.STALL_TIMEOUT.key(), STATISTICS_INTERVAL);
        settings.put("streams.consumer.auto.offset.reset", "earliest");
        long start = System.nanoTime();
        try (MonitorApp app = MonitorApp.start(new MonitorConfig(settings), Clock.systemUTC())) {
            long seen = 0;
            long firstSeen = 0;
            long firstAt = 0;
            while (seen < total) {
                Thread.sleep(1000);
                seen = epochsHeld(app);
                if (firstAt == 0 && seen > 0) {
                    firstAt = System.nanoTime();
                    firstSeen = seen;
                }
                System.out.printf("monitor: %,d of %,d after %.0f s%n", seen, total, (System.nanoTime() - start) / 1e9);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double running = (System.nanoTime() - firstAt) / 1e9;
            System.out.printf("monitor: %,d events in %.1f s, the last %,d in %.1f s after the first were held%n",
                    seen, seconds, seen - firstSeen, running);
            return new double[] {seen / seconds, (seen - firstSeen) / running};
        }
    }

    private static long epochsHeld(MonitorApp app) {
        try {
            long held = 0;
            for (ExperimentSummary summary : app.queries().experiments()) {
                held += app.queries().experiment(summary.experiment()).map(view -> (long) view.epochs()).orElse(0L);
            }
            return held;
        } catch (QueriesUnavailableException notYet) {
            return 0;
        }
    }
}
