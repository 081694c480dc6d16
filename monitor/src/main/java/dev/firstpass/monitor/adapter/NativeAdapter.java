package dev.firstpass.monitor.adapter;

import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.ProtocolJson;
import java.time.Instant;
import java.util.List;

/**
 * Reads FirstPass's own epoch-event JSON, exactly as trainers publish it.
 *
 * <p>The key and the record timestamp are not consulted: the event carries its run id and time, and
 * the protocol's own checks are the whole contract.
 */
final class NativeAdapter implements EpochEventAdapter {

    static final NativeAdapter INSTANCE = new NativeAdapter();

    private NativeAdapter() {
    }

    @Override
    public List<EpochEvent> adapt(byte[] key, byte[] value, Instant recordTime) {
        return value == null ? List.of() : List.of(ProtocolJson.parseEpochEvent(value));
    }
}
