package dev.firstpass.monitor.adapter;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.InvalidRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds test records and expected events, and catches rejections. */
final class Records {

    static final Instant RECORD_TIME = Instant.parse("2024-05-01T09:30:00Z");

    private Records() {
    }

    static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    static List<EpochEvent> adapt(EpochEventAdapter adapter, String key, String value) {
        return adapter.adapt(utf8(key), utf8(value), RECORD_TIME);
    }

    static InvalidRecordException rejection(EpochEventAdapter adapter, String key, String value) {
        return rejection(adapter, utf8(key), utf8(value), RECORD_TIME);
    }

    static InvalidRecordException rejection(EpochEventAdapter adapter, byte[] key, byte[] value, Instant time) {
        InvalidRecordException e = catchThrowableOfType(InvalidRecordException.class,
                () -> adapter.adapt(key, value, time));
        if (e == null) {
            throw new AssertionError("accepted: " + (value == null ? null : new String(value, StandardCharsets.UTF_8)));
        }
        return e;
    }

    static EpochEvent event(String experiment, String runId, String arm, int epoch, Instant time, Object... metrics) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (int i = 0; i < metrics.length; i += 2) {
            values.put((String) metrics[i], ((Number) metrics[i + 1]).doubleValue());
        }
        return new EpochEvent(experiment, runId, arm, epoch, 0, time, values, 0, Map.of());
    }
}
