package dev.firstpass.monitor;

import static dev.firstpass.monitor.MonitorHarness.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.monitor.deadletter.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterTest {

    private static final String VALID_FIELDS = "\"experiment\":\"e1\",\"run_id\":\"r1\",\"time\":\"2025-02-06T12:00:00Z\"";

    @TempDir
    Path stateDir;

    private static Map<String, String> headers(TestRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    private static Map<String, String> expectedHeaders(String reason, String kind, String topic, long offset) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("firstpass.dlq.reason", reason);
        headers.put("firstpass.dlq.kind", kind);
        headers.put("firstpass.dlq.source.topic", topic);
        headers.put("firstpass.dlq.source.partition", "0");
        headers.put("firstpass.dlq.source.offset", Long.toString(offset));
        return headers;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void malformedJsonIsDeadLetteredWithTheOriginalBytesAndHeaders() {
        try (MonitorHarness monitor = MonitorHarness.start(MonitorHarness.settings(stateDir))) {
            RecordHeaders original = new RecordHeaders();
            original.add("trace-id", "abc".getBytes(StandardCharsets.UTF_8));
            monitor.epochs.pipeInput(new TestRecord<>("r1", "{not json", original, Instant.ofEpochMilli(1000)));

            TestRecord<byte[], byte[]> letter = monitor.deadLetters.readRecord();
            assertThat(text(letter.key())).isEqualTo("r1");
            assertThat(text(letter.value())).isEqualTo("{not json");
            assertThat(letter.timestamp()).isEqualTo(1000L);
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("trace-id", "abc");
            expected.putAll(expectedHeaders("malformed JSON at line 1 column 2: Unexpected character ('n' (code 110)):"
                    + " was expecting double-quote to start field name", "malformed-json", "training.metrics.epoch", 0));
            assertThat(headers(letter)).containsExactlyEntriesOf(expected);
        }
    }

    @Test
    void eachReasonIsDeadLetteredWithItsExactReasonAndCountedByKind() {
        try (MonitorHarness monitor = MonitorHarness.start(MonitorHarness.settings(stateDir))) {
            monitor.sendRaw("r1", "{\"schema\":1," + VALID_FIELDS + ",\"epoch\":0,\"metrics\":{\"test_acc\":0.5}}");
            monitor.sendRaw("r1", "{\"schema\":7," + VALID_FIELDS + ",\"epoch\":1,\"metrics\":{\"test_acc\":0.5}}");
            monitor.sendRaw("x", ProtocolJson.write(event("r1", 1, 0.5)));
            monitor.sendRaw(null, ProtocolJson.write(event("r1", 1, 0.5)));
            Map<String, Double> noTestAcc = new LinkedHashMap<>();
            noTestAcc.put("loss", 0.7);
            noTestAcc.put("train_acc", 0.6);
            monitor.send(event("r1", null, 1, 0, noTestAcc));
            monitor.run("r1", null, 0.5, 0.6, 0.7, 0.75, 0.81);
            monitor.send(event("r1", 5, 0.79));
            monitor.sendRaw("r1", ProtocolJson.write(new EpochEvent("e2", "r1", null, 6,
                    0, MonitorHarness.START, Map.of("test_acc", 0.8), 0, Map.of())));
            monitor.lifecycle.pipeInput("r1", "{\"schema\":1,\"type\":\"run_paused\"," + VALID_FIELDS + "}");

            assertThat(monitor.deadLetters.readRecordsToList()).extracting(DeadLetterTest::headers).containsExactly(
                    expectedHeaders("epoch must be at least 1: 0", "invalid-record", "training.metrics.epoch", 0),
                    expectedHeaders("unsupported schema version 7 (supported: 1)", "unsupported-schema",
                            "training.metrics.epoch", 1),
                    expectedHeaders("record key 'x' does not match run_id 'r1'", "key-mismatch",
                            "training.metrics.epoch", 2),
                    expectedHeaders("record key is missing; run_id is 'r1'", "key-mismatch", "training.metrics.epoch",
                            3),
                    expectedHeaders("metric 'test_acc' is missing from epoch 1 of run r1 (present: loss, train_acc)",
                            "missing-metric", "training.metrics.epoch", 4),
                    expectedHeaders("conflicting value for epoch 5 of run r1 in segment 0: 0.81 then 0.79",
                            "conflicting-value", "training.metrics.epoch", 10),
                    expectedHeaders("run r1 belongs to experiment 'e1', not 'e2'", "inconsistent-run",
                            "training.metrics.epoch", 11),
                    expectedHeaders("type must be run_started or run_finished: \"run_paused\"", "invalid-record",
                            "training.runs.lifecycle", 0));
            assertThat(DeadLetters.counts(monitor.driver.metrics())).isEqualTo(Map.of(
                    "conflicting-value", 1L, "inconsistent-run", 1L, "invalid-record", 2L, "key-mismatch", 2L,
                    "missing-metric", 1L, "unsupported-schema", 1L));
            assertThat(DeadLetters.total(monitor.driver.metrics())).isEqualTo(8);
            // The bad records stopped nothing: the good ones between them were all used.
            assertThat(monitor.runState("r1").contiguousValues()).containsExactly(0.5, 0.6, 0.7, 0.75, 0.81);
        }
    }

    @Test
    void aTombstoneIsDeadLetteredAsMalformed() {
        try (MonitorHarness monitor = MonitorHarness.start(MonitorHarness.settings(stateDir))) {
            monitor.acks.pipeInput("r1", (String) null, 1000L);

            TestRecord<byte[], byte[]> letter = monitor.deadLetters.readRecord();
            assertThat(letter.value()).isNull();
            assertThat(headers(letter)).containsExactlyEntriesOf(expectedHeaders("malformed JSON: no content",
                    "malformed-json", "training.control.acks", 0));
        }
    }
}
