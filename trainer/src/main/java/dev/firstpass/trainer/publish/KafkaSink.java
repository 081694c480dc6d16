package dev.firstpass.trainer.publish;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.RunLifecycle;
import dev.firstpass.core.protocol.WireMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a run's messages from its {@link Outbox} with one idempotent producer on one thread.
 *
 * <p>The producer retries without a deadline, so a broker that goes away and returns gets every
 * record exactly once and in order (idempotence keeps retries from duplicating or reordering). The
 * sender hands the producer a small window of the oldest records and removes them from the outbox only
 * once confirmed; what the producer cannot take stays in the outbox, bounded in memory and spooled
 * beyond that.
 */
final class KafkaSink implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);
    private static final int WINDOW = 16;
    private static final long IDLE_WAIT_MS = 200;
    private static final long RETRY_BACKOFF_MS = 500;

    private final KafkaSettings settings;
    private final String runId;
    private final Outbox outbox;
    private final KafkaProducer<String, byte[]> producer;
    private final Thread sender;
    private volatile boolean closing;
    private volatile boolean aborted;
    private String lastRefusal;

    private KafkaSink(KafkaSettings settings, String runId, Path spoolFile) {
        this.settings = settings;
        this.runId = runId;
        this.outbox = new Outbox(settings.memoryCapacity(), new SpoolFile(spoolFile));
        this.producer = new KafkaProducer<>(producerConfig(settings, runId));
        this.sender = new Thread(this::sendUntilClosed, "firstpass-sink-" + runId);
        sender.setDaemon(true);
    }

    static KafkaSink start(KafkaSettings settings, String runId, Path spoolFile) {
        KafkaSink sink = new KafkaSink(settings, runId, spoolFile);
        sink.sender.start();
        return sink;
    }

    @Override
    public void epoch(EpochEvent event) {
        enqueue(settings.epochTopic(), event);
    }

    @Override
    public void lifecycle(RunLifecycle message) {
        enqueue(settings.lifecycleTopic(), message);
    }

    @Override
    public void ack(Ack ack) {
        enqueue(settings.acksTopic(), ack);
    }

    @Override
    public int unsent() {
        return outbox.size();
    }

    @Override
    public boolean awaitDelivered(Duration timeout) {
        try {
            return outbox.awaitEmpty(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close(Duration timeout) {
        if (closing) {
            return;
        }
        closing = true;
        try {
            if (!outbox.awaitEmpty(timeout.toMillis())) {
                LOG.warn("run {}: {} records undelivered after {}; they stay spooled for the next start of this run",
                        runId, outbox.size(), timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        aborted = true;
        // Fails whatever the producer still holds, which releases the sender.
        producer.close(Duration.ZERO);
        try {
            sender.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        outbox.spoolEverything();
    }

    private void enqueue(String topic, WireMessage message) {
        if (closing) {
            throw new IllegalStateException("run " + runId + ": the event sink is closed");
        }
        outbox.add(new OutboundRecord(topic, runId, ProtocolJson.writeBytes(message)));
    }

    private void sendUntilClosed() {
        while (!aborted) {
            try {
                List<OutboundRecord> oldest = outbox.oldest(WINDOW, IDLE_WAIT_MS);
                if (oldest.isEmpty()) {
                    continue;
                }
                int confirmed = sendAndConfirm(oldest);
                outbox.removeOldest(confirmed);
                if (confirmed < oldest.size() && !aborted) {
                    Thread.sleep(RETRY_BACKOFF_MS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!aborted) {
                    LOG.warn("run {}: sending failed, retrying: {}", runId, e.toString());
                }
            }
        }
    }

    /** How many of {@code records}, from the oldest, are now delivered (or undeliverable and dropped). */
    private int sendAndConfirm(List<OutboundRecord> records) throws InterruptedException {
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (OutboundRecord record : records) {
            try {
                futures.add(producer.send(new ProducerRecord<>(record.topic(), record.key(), record.value())));
            } catch (KafkaException e) {
                // Typically no metadata while the brokers are away; the record never entered the producer.
                LOG.debug("run {}: send refused for now: {}", runId, e.toString());
                warnIfRefused(e);
                break;
            }
        }
        int confirmed = 0;
        for (Future<RecordMetadata> future : futures) {
            try {
                future.get();
                confirmed++;
            } catch (ExecutionException e) {
                warnIfRefused(e.getCause());
                if (isUndeliverable(e.getCause())) {
                    LOG.error("run {}: dropping a record Kafka can never accept: {}", runId, e.getCause().toString());
                    confirmed++;
                } else {
                    break;
                }
            }
        }
        return confirmed;
    }

    /**
     * A trainer that Kafka does not let in (wrong password) or not write (no ACL) keeps its records and
     * retries like in an outage, but says why once per kind of refusal instead of retrying in silence.
     */
    private void warnIfRefused(Throwable cause) {
        if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
            String refusal = cause.getClass().getSimpleName();
            if (!refusal.equals(lastRefusal)) {
                lastRefusal = refusal;
                LOG.warn("run {}: Kafka refuses this trainer ({}); its records stay queued until the credentials"
                        + " or ACLs are fixed: {}", runId, refusal, cause.getMessage());
            }
        }
    }

    private static boolean isUndeliverable(Throwable cause) {
        return cause instanceof RecordTooLargeException || cause instanceof SerializationException
                || cause instanceof InvalidTopicException;
    }

    private static Map<String, Object> producerConfig(KafkaSettings settings, String runId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "firstpass-trainer-" + runId);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // No deadline: an outage of any length ends in delivery, not in a gap in the trajectory.
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        config.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        // send() waits this long for metadata on the sender thread, never on the training thread.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        config.putAll(settings.security().clientProperties());
        config.putAll(settings.clientProperties());
        return config;
    }
}
