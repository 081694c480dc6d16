package dev.firstpass.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.property.Gen;
import dev.firstpass.core.property.HostileInput;
import dev.firstpass.core.property.PropertyCheck;
import dev.firstpass.core.protocol.InputLimits;
import dev.firstpass.core.protocol.InvalidRecordException;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.WireMessage;
import dev.firstpass.monitor.deadletter.DeadLetterHeaders;
import dev.firstpass.monitor.deadletter.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever bytes arrive on the monitor's input topics, each record its parser rejects becomes exactly
 * one dead letter, byte for byte, with the parser's reason; the stream goes on.
 */
class DeadLetterPropertiesTest {

    /** The kinds a parser's rejection is counted under; the others come from checks after parsing. */
    private static final Set<String> PARSE_KINDS = Set.of("malformed-json", "unsupported-schema", "invalid-record");

    @TempDir
    Path stateDir;

    @Test
    void everyRecordAParserRejectsIsDeadLetteredOnceWithItsReason() {
        try (MonitorHarness monitor = MonitorHarness.start(MonitorHarness.settings(stateDir))) {
            ByteArraySerializer bytes = new ByteArraySerializer();
            MonitorTopics topics = monitor.config.topics();
            List<TestInputTopic<byte[], byte[]>> inputs = List.of(
                    monitor.driver.createInputTopic(topics.epochs(), bytes, bytes),
                    monitor.driver.createInputTopic(topics.acks(), bytes, bytes),
                    monitor.driver.createInputTopic(topics.lifecycle(), bytes, bytes));
            List<Function<byte[], ? extends WireMessage>> parsers = List.of(
                    ProtocolJson::parseEpochEvent, ProtocolJson::parseAck, ProtocolJson::parseRunLifecycle);
            Gen<byte[]> hostile = HostileInput.jsonBytes();
            Gen<byte[]> values = Gen.anyOf(hostile, hostile, hostile, Gen.utf8(HostileInput.adversarialJson()));
            long[] time = {MonitorHarness.START.toEpochMilli()};

            PropertyCheck.forAll(random -> new Object[] {random.nextInt(inputs.size()), values.next(random)})
                    .tries(200).eachWithin(Duration.ofSeconds(5)).check(draw -> {
                        int topic = (Integer) draw[0];
                        byte[] value = (byte[]) draw[1];
                        String reason = rejection(parsers.get(topic), value);
                        inputs.get(topic).pipeInput(new TestRecord<>("r1".getBytes(StandardCharsets.UTF_8), value,
                                null, time[0]++));

                        List<TestRecord<byte[], byte[]>> letters = monitor.deadLetters.readRecordsToList();
                        if (reason != null) {
                            assertThat(letters).hasSize(1);
                            TestRecord<byte[], byte[]> letter = letters.get(0);
                            assertThat(letter.value()).isEqualTo(value);
                            assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo(reason);
                            assertThat(header(letter, DeadLetterHeaders.KIND)).isIn(PARSE_KINDS);
                        } else {
                            assertThat(letters).allSatisfy(letter ->
                                    assertThat(header(letter, DeadLetterHeaders.KIND)).isNotIn(PARSE_KINDS));
                        }
                    });
            Map<String, Long> counts = DeadLetters.counts(monitor.driver.metrics());
            assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isPositive();
        }
    }

    @Test
    void aRecordBeyondALimitIsDeadLetteredAsAnInvalidRecordWithTheLimitInItsReason() {
        try (MonitorHarness monitor = MonitorHarness.start(MonitorHarness.settings(stateDir))) {
            monitor.sendRaw("r1", "{\"schema\":1,\"experiment\":\"e1\",\"run_id\":\"" + "r".repeat(300)
                    + "\",\"epoch\":1,\"time\":\"2025-02-06T12:00:00Z\",\"metrics\":{\"test_acc\":0.5}}");
            monitor.sendRaw("r1", "{\"schema\":1,\"hyperparams\":" + "[".repeat(100) + "]".repeat(100) + "}");
            monitor.sendRaw("r1", "x".repeat(InputLimits.MAX_RECORD_BYTES + 1));

            assertThat(monitor.deadLetters.readRecordsToList()).extracting(
                    letter -> header(letter, DeadLetterHeaders.REASON), letter -> header(letter, DeadLetterHeaders.KIND))
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("run_id must be at most 256 characters: 300",
                                    "invalid-record"),
                            org.assertj.core.groups.Tuple.tuple("JSON beyond a limit: Document nesting depth (65) "
                                    + "exceeds the maximum allowed (64)", "invalid-record"),
                            org.assertj.core.groups.Tuple.tuple("record must be at most 1048576 bytes: 1048577",
                                    "invalid-record"));
        }
    }

    @Test
    void aHugeRecordKeyIsQuotedShortInTheReason() {
        try (MonitorHarness monitor = MonitorHarness.start(MonitorHarness.settings(stateDir))) {
            monitor.send(MonitorHarness.event("r1", 1, 0.5));
            monitor.sendRaw("k".repeat(100_000), ProtocolJson.write(MonitorHarness.event("r1", 2, 0.6)));

            TestRecord<byte[], byte[]> letter = monitor.deadLetters.readRecord();
            assertThat(header(letter, DeadLetterHeaders.REASON))
                    .isEqualTo("record key '" + "k".repeat(80) + "...' does not match run_id 'r1'");
        }
    }

    private static String rejection(Function<byte[], ? extends WireMessage> parser, byte[] value) {
        try {
            parser.apply(value);
            return null;
        } catch (InvalidRecordException e) {
            return e.getMessage();
        }
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
