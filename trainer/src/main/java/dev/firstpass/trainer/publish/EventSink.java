package dev.firstpass.trainer.publish;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.RunLifecycle;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where a run's messages go. Every method returns at once; a run never waits for delivery.
 */
public interface EventSink extends AutoCloseable {

    void epoch(EpochEvent event);

    void lifecycle(RunLifecycle message);

    void ack(Ack ack);

    /** Records handed over but not yet confirmed as delivered. */
    int unsent();

    /**
     * Waits up to {@code timeout} until every record handed over so far is confirmed as delivered;
     * true when it is. A checkpoint saved only after this leaves nothing behind it that a kill of the
     * process could still lose: what was not yet delivered is reported again by the resumed run.
     */
    boolean awaitDelivered(Duration timeout);

    /**
     * Tries for up to {@code timeout} to deliver what is unsent, then keeps the rest in the spool file
     * for the next start of the same run.
     */
    void close(Duration timeout);

    @Override
    default void close() {
        close(Duration.ZERO);
    }

    /** Drops every message: a run trained offline that only records locally. */
    static EventSink offline() {
        return new OfflineSink();
    }

    /**
     * Sends to Kafka through an idempotent producer on a background thread, keyed by {@code runId};
     * unsent records wait in memory, then in {@code spoolFile}, and go out in order once the brokers
     * answer.
     */
    static EventSink kafka(KafkaSettings settings, String runId, Path spoolFile) {
        return KafkaSink.start(settings, runId, spoolFile);
    }
}
