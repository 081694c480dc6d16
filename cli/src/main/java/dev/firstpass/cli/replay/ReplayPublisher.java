package dev.firstpass.cli.replay;

import dev.firstpass.core.kafka.KafkaSecurity;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a replay to Kafka with an idempotent producer, keyed by run id so each run's records stay
 * ordered on one partition, optionally paced to a number of records per second.
 */
final class ReplayPublisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final double recordsPerSecond;
    private final long startNanos = System.nanoTime();
    private long published;

    ReplayPublisher(String bootstrapServers, KafkaSecurity security, double recordsPerSecond) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.putAll(security.clientProperties());
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // An unreachable broker should fail the command in seconds, not after the default minute.
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        this.producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
        this.recordsPerSecond = recordsPerSecond;
    }

    /** Publishes every step of the schedule; {@code progress} receives the running count after each step. */
    void publish(ReplaySchedule schedule, IntConsumer progress) throws InterruptedException {
        try {
            schedule.forEachStep(step -> {
                send(step);
                progress.accept((int) published);
            });
            producer.flush();
        } catch (PacingInterrupted e) {
            throw e.interruption;
        }
    }

    private void send(List<ReplayRecord> step) {
        Future<RecordMetadata> last = null;
        for (ReplayRecord record : step) {
            pace();
            last = producer.send(new ProducerRecord<>(record.topic(), record.key(), record.value()));
            published++;
        }
        awaitDelivery(last);
    }

    /** Waiting for the step's last record surfaces an unreachable broker while the replay is going on. */
    private static void awaitDelivery(Future<RecordMetadata> last) {
        if (last == null) {
            return;
        }
        try {
            last.get();
        } catch (InterruptedException e) {
            throw new PacingInterrupted(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not accept the replay: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private void pace() {
        if (recordsPerSecond <= 0) {
            return;
        }
        long due = startNanos + (long) (published / recordsPerSecond * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(Duration.ofNanos(wait).toMillis(), (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                throw new PacingInterrupted(e);
            }
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    /** Carries an interruption out of the schedule's callback, which cannot throw checked exceptions. */
    private static final class PacingInterrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient InterruptedException interruption;

        PacingInterrupted(InterruptedException interruption) {
            super(interruption);
            this.interruption = interruption;
        }
    }
}
