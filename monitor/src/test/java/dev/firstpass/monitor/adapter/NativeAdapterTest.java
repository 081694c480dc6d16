package dev.firstpass.monitor.adapter;

import static dev.firstpass.monitor.adapter.Records.adapt;
import static dev.firstpass.monitor.adapter.Records.event;
import static dev.firstpass.monitor.adapter.Records.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.protocol.ProtocolJson;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NativeAdapterTest {

    private static final EpochEventAdapter NATIVE = EpochEventAdapters.nativeJson();

    @Test
    void readsFirstPassEpochEventsAsWritten() {
        var event = event("cifar", "run-7", "tau-5", 12, Instant.parse("2024-05-01T12:00:00Z"), "acc", 0.8);

        assertThat(adapt(NATIVE, "run-7", ProtocolJson.write(event))).containsExactly(event);
    }

    @Test
    void aTombstoneCarriesNoEvents() {
        assertThat(NATIVE.adapt(null, null, Records.RECORD_TIME)).isEmpty();
    }

    @Test
    void rejectsWithTheProtocolsOwnReasons() {
        String json = "{\"schema\":1,\"experiment\":\"e\",\"run_id\":\"r\",\"epoch\":0,"
                + "\"time\":\"2024-05-01T12:00:00Z\",\"metrics\":{\"loss\":1}}";

        assertThat(rejection(NATIVE, null, json).violations()).containsExactly("epoch must be at least 1: 0");
    }
}
