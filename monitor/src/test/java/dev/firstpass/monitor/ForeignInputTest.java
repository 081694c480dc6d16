package dev.firstpass.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.monitor.deadletter.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Epoch events in InfluxDB line protocol, from a topic keyed by host rather than by run. */
class ForeignInputTest {

    private static final String TOPIC = "telegraf.metrics";
    private static final Instant RECORD_TIME = Instant.parse("2025-02-06T12:00:01Z");

    @TempDir
    Path stateDir;

    private MonitorHarness start() {
        Map<String, String> settings = MonitorHarness.settings(stateDir);
        settings.put(MonitorConfig.INPUT_TOPIC.key(), TOPIC);
        settings.put(MonitorConfig.INPUT_FORMAT.key(), "line-protocol");
        settings.put("input.line-protocol.measurements", "eval");
        settings.put("input.line-protocol.experiment", "experiment");
        return MonitorHarness.start(settings);
    }

    private static Map<String, String> headers(TestRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    private static Map<String, String> expectedHeaders(String reason, String kind, long offset) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("firstpass.dlq.reason", reason);
        headers.put("firstpass.dlq.kind", kind);
        headers.put("firstpass.dlq.source.topic", TOPIC);
        headers.put("firstpass.dlq.source.partition", "0");
        headers.put("firstpass.dlq.source.offset", Long.toString(offset));
        return headers;
    }

    @Test
    void aRecordWithTwoPointsForTwoRunsBecomesTwoRunStates() {
        try (MonitorHarness monitor = start()) {
            monitor.epochs.pipeInput("gpu-node-7", "eval,run_id=r1,experiment=e1 epoch=1i,test_acc=0.5\n"
                    + "cpu,host=gpu-node-7 usage_idle=97.5\n"
                    + "eval,run_id=r2,experiment=e1 epoch=1i,test_acc=0.6,loss=1.5", RECORD_TIME);

            assertThat(monitor.runState("r1").contiguousValues()).containsExactly(0.5);
            assertThat(monitor.runState("r2").contiguousValues()).containsExactly(0.6);
            assertThat(monitor.runState("r2").experiment()).isEqualTo("e1");
            assertThat(monitor.deadLetters.isEmpty()).isTrue();

            monitor.tick();
            assertThat(monitor.queries().experiment("e1").orElseThrow().runs()).isEqualTo(2);
        }
    }

    @Test
    void aMalformedLineGoesToTheDeadLetterTopicWithTheAdaptersExactReason() {
        try (MonitorHarness monitor = start()) {
            String record = "eval,run_id=r1,experiment=e1 epoch=1i,test_acc=0.5\n"
                    + "eval,run_id=r3,experiment=e1 epoch=1i,test_acc=abc";
            monitor.epochs.pipeInput("gpu-node-7", record, RECORD_TIME);

            TestRecord<byte[], byte[]> letter = monitor.deadLetters.readRecord();
            assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("gpu-node-7");
            assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo(record);
            assertThat(headers(letter)).containsExactlyEntriesOf(expectedHeaders("line 2: value of field 'test_acc' is"
                    + " not a float, integer, unsigned integer, boolean or string at column 48: abc", "invalid-record",
                    0));
            assertThat(monitor.deadLetters.isEmpty()).isTrue();
            // A record is never half applied: the good line of a rejected record is not used either.
            assertThat(monitor.runState("r1")).isNull();
            assertThat(DeadLetters.counts(monitor.driver.metrics())).isEqualTo(Map.of("invalid-record", 1L));
        }
    }

    @Test
    void anEventRejectedAfterTheRepartitionIsDeadLetteredWithItsOriginalRecord() {
        try (MonitorHarness monitor = start()) {
            monitor.epochs.pipeInput(null, "eval,run_id=r1,experiment=e1 epoch=1i,test_acc=0.5", RECORD_TIME);
            monitor.epochs.pipeInput(null, "eval,run_id=r1,experiment=e1 epoch=1i,test_acc=0.25", RECORD_TIME);

            TestRecord<byte[], byte[]> letter = monitor.deadLetters.readRecord();
            assertThat(letter.key()).isNull();
            assertThat(new String(letter.value(), StandardCharsets.UTF_8))
                    .isEqualTo("eval,run_id=r1,experiment=e1 epoch=1i,test_acc=0.25");
            assertThat(headers(letter)).containsExactlyEntriesOf(expectedHeaders(
                    "conflicting value for epoch 1 of run r1 in segment 0: 0.5 then 0.25", "conflicting-value", 1));
        }
    }
}
