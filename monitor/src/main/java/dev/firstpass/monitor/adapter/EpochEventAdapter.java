package dev.firstpass.monitor.adapter;

import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.InvalidRecordException;
import dev.firstpass.core.protocol.WireMessage;
import java.util.ArrayList;
import java.time.Instant;
import java.util.List;

/**
 * Turns one Kafka record of an input topic into the epoch events it carries, and, where the mapping says
 * where they are, the kicks and run ends it reports.
 *
 * <p>Implementations are stateless and safe to share between stream threads. They never throw
 * anything but {@link InvalidRecordException} for bad input, whatever the bytes, so the monitor can
 * send a bad record to the dead-letter topic and go on.
 */
@FunctionalInterface
public interface EpochEventAdapter {

    /**
     * The epoch events in one record, in the order the record holds them.
     *
     * @param key the record key, or null
     * @param value the record value, or null for a tombstone (which carries no events)
     * @param recordTime the record timestamp, used when the record carries no time of its own; may
     *     be null when the record has none
     * @return zero or more events; empty when the record holds nothing this adapter is asked to read
     * @throws InvalidRecordException listing every problem found, each naming the rule and the value
     */
    List<EpochEvent> adapt(byte[] key, byte[] value, Instant recordTime);

    /**
     * Everything one record says about runs, in the order the record holds it: epoch events, kicks
     * (as applied {@link dev.firstpass.core.protocol.Ack}s, command id {@code kick-after-<epoch>}) and
     * run ends (as {@link dev.firstpass.core.protocol.RunFinished}). Adapters that read epochs only
     * return their events.
     *
     * @throws InvalidRecordException listing every problem found, each naming the rule and the value
     */
    default List<WireMessage> messages(byte[] key, byte[] value, Instant recordTime) {
        return new ArrayList<>(adapt(key, value, recordTime));
    }
}
