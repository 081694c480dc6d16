package dev.firstpass.sink;

import static dev.firstpass.sink.SinkRecords.T;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.core.protocol.WireMessage;
import dev.firstpass.core.time.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The consumer loop, turn by turn, on a mock consumer and a hand-moved clock. */
class SinkLoopTest {

    private static final TopicPartition EPOCHS = new TopicPartition(Topics.EPOCH_EVENTS, 0);
    private static final TopicPartition COMMANDS = new TopicPartition(Topics.COMMANDS, 0);
    private static final TopicPartition ACKS = new TopicPartition(Topics.ACKS, 0);
    private static final TopicPartition DECISIONS = new TopicPartition(Topics.DECISIONS, 0);
    private static final TopicPartition PLATEAU = new TopicPartition(Topics.PLATEAU, 0);
    private static final Duration FLUSH = Duration.ofSeconds(1);
    private static final Duration ACK_WAIT = Duration.ofSeconds(60);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final RecordingWriter writer = new RecordingWriter();
    private final ManualClock clock = new ManualClock(T);
    private final Counters counters = new Counters();
    private final Map<TopicPartition, Long> nextOffset = new HashMap<>();
    private SinkLoop loop;

    @BeforeEach
    void subscribe() {
        Map<String, String> settings = new HashMap<>();
        settings.put(SinkConfig.BOOTSTRAP_SERVERS.key(), "unused:9092");
        settings.put(SinkConfig.INFLUX_TOKEN.key(), "t");
        settings.put(SinkConfig.BATCH_SIZE.key(), "4");
        settings.put(SinkConfig.FLUSH_INTERVAL.key(), FLUSH.toMillis() + "ms");
        settings.put(SinkConfig.BACKOFF_INITIAL.key(), "100ms");
        settings.put(SinkConfig.BACKOFF_MAX.key(), "300ms");
        settings.put(SinkConfig.ACK_WAIT.key(), ACK_WAIT.toMillis() + "ms");
        loop = new SinkLoop(consumer, writer, new SinkConfig(settings).validate(), clock, new CommandIndex(10),
                counters);
        loop.subscribe();
        List<TopicPartition> partitions = List.of(EPOCHS, COMMANDS, ACKS, DECISIONS, PLATEAU);
        consumer.rebalance(partitions);
        Map<TopicPartition, Long> beginnings = new HashMap<>();
        partitions.forEach(p -> beginnings.put(p, 0L));
        consumer.updateBeginningOffsets(beginnings);
        consumer.updateEndOffsets(beginnings);
    }

    private long add(TopicPartition partition, byte[] value, long timestampMs) {
        long offset = nextOffset.merge(partition, 1L, Long::sum) - 1;
        consumer.addRecord(new ConsumerRecord<>(partition.topic(), partition.partition(), offset, timestampMs,
                TimestampType.CREATE_TIME, 0, value.length, null, value, new RecordHeaders(), Optional.empty()));
        return offset;
    }

    private long add(TopicPartition partition, WireMessage message) {
        return add(partition, ProtocolJson.writeBytes(message), T.toEpochMilli());
    }

    private void epochs(int from, int to) {
        for (int epoch = from; epoch <= to; epoch++) {
            add(EPOCHS, SinkRecords.epoch("c100", "r1", null, epoch, T.plusSeconds(epoch), 0.5));
        }
    }

    private Map<TopicPartition, Long> committed() {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        consumer.committed(Set.of(EPOCHS, COMMANDS, ACKS, DECISIONS, PLATEAU)).forEach((partition, offset) -> {
            if (offset != null) {
                offsets.put(partition, offset.offset());
            }
        });
        return offsets;
    }

    private static String epochLine(int epoch) {
        return "training_epoch,experiment=c100,run_id=r1,segment=0 test_acc=0.5,test_loss=0.5,epoch=" + epoch + "i "
                + (SinkRecords.T_NS + epoch * 1_000_000_000L);
    }

    @Test
    void writesAFullBatchAtOnceAndCommitsOnlyAfterTheWrite() {
        epochs(1, 4);

        loop.runOnce();

        assertThat(writer.requests).containsExactly(List.of(epochLine(1), epochLine(2), epochLine(3), epochLine(4)));
        assertThat(committed()).containsExactly(Map.entry(EPOCHS, 4L));
        assertThat(counters.snapshot().pointsWritten()).isEqualTo(4);
        assertThat(counters.snapshot().writes()).isEqualTo(1);
    }

    @Test
    void writesAPartialBatchOnceItsFirstPointHasWaitedTheFlushInterval() {
        epochs(1, 1);

        loop.runOnce();
        assertThat(writer.requests).isEmpty();
        assertThat(committed()).isEmpty();
        assertThat(counters.snapshot().pointsWaiting()).isEqualTo(1);

        clock.advance(FLUSH.minusMillis(1));
        loop.runOnce();
        assertThat(writer.requests).isEmpty();

        clock.advance(Duration.ofMillis(1));
        loop.runOnce();
        assertThat(writer.requests).containsExactly(List.of(epochLine(1)));
        assertThat(committed()).containsExactly(Map.entry(EPOCHS, 1L));
    }

    @Test
    void whileTheServerIsDownKeepsTheBatchPausesKafkaBacksOffDoublingAndCommitsNothing() {
        epochs(1, 4);
        writer.failWithStatus = 0;

        loop.runOnce();
        assertThat(writer.requests).hasSize(1);
        assertThat(loop.retryAt()).contains(T.plusMillis(100));
        assertThat(consumer.paused()).containsExactlyInAnyOrder(EPOCHS, COMMANDS, ACKS, DECISIONS, PLATEAU);
        assertThat(committed()).isEmpty();

        epochs(5, 6);
        clock.advance(Duration.ofMillis(99));
        loop.runOnce();
        assertThat(writer.requests).hasSize(1);

        clock.advance(Duration.ofMillis(1));
        loop.runOnce();
        assertThat(writer.requests).hasSize(2);
        assertThat(loop.retryAt()).contains(T.plusMillis(300));

        clock.advance(Duration.ofMillis(200));
        loop.runOnce();
        assertThat(loop.retryAt()).contains(T.plusMillis(600));
        clock.advance(Duration.ofMillis(300));
        loop.runOnce();
        assertThat(loop.retryAt()).as("capped at backoff.max.ms").contains(T.plusMillis(900));
        assertThat(counters.snapshot()).extracting(SinkCounters::writeFailures, SinkCounters::pointsWaiting,
                SinkCounters::retrying, SinkCounters::lastError).containsExactly(4L, 4, true, "HTTP 0 from test");
        assertThat(committed()).isEmpty();

        writer.failWithStatus = -1;
        clock.advance(Duration.ofMillis(300));
        loop.runOnce();

        assertThat(writer.accepted).containsExactly(epochLine(1), epochLine(2), epochLine(3), epochLine(4));
        assertThat(committed()).containsExactly(Map.entry(EPOCHS, 4L));
        assertThat(consumer.paused()).isEmpty();
        assertThat(loop.retryAt()).isEmpty();

        loop.runOnce();
        clock.advance(FLUSH);
        loop.runOnce();
        assertThat(writer.accepted).endsWith(epochLine(5), epochLine(6));
        assertThat(committed()).containsExactly(Map.entry(EPOCHS, 6L));
        assertThat(counters.snapshot().retrying()).isFalse();
    }

    @Test
    void aRefusedPointIsSkippedAndCountedWhileTheRestOfItsBatchIsWrittenAndCommitted() {
        epochs(1, 4);
        writer.refused = line -> line.contains("epoch=3i");

        loop.runOnce();

        assertThat(writer.accepted).containsExactly(epochLine(1), epochLine(2), epochLine(4));
        assertThat(writer.requests).extracting(List::size).containsExactly(4, 2, 2, 1, 1);
        assertThat(counters.snapshot().pointsRejected()).isEqualTo(1);
        assertThat(counters.snapshot().pointsWritten()).isEqualTo(3);
        assertThat(committed()).containsExactly(Map.entry(EPOCHS, 4L));
    }

    @Test
    void anAckReadBeforeItsCommandWaitsForItHoldingBackItsOffsetThenCarriesItsKind() {
        Command command = SinkRecords.command("cmd-1", "r1", T.minusMillis(800));
        Ack ack = SinkRecords.ackOf(command, 20, T);
        consumer.updateEndOffsets(Map.of(COMMANDS, 1L));
        add(ACKS, ack);

        loop.runOnce();
        clock.advance(FLUSH);
        loop.runOnce();
        assertThat(writer.requests).isEmpty();
        assertThat(counters.snapshot().pointsWaiting()).isEqualTo(1);

        add(COMMANDS, command);
        loop.runOnce();
        clock.advance(FLUSH);
        loop.runOnce();

        assertThat(writer.accepted).containsExactly("training_intervention,experiment=c100,kind=shrink_perturb,"
                + "run_id=r1,status=applied command_id=\"cmd-1\",epoch=20i,ack_latency_ms=800i " + SinkRecords.T_NS);
        assertThat(committed()).containsEntry(ACKS, 1L).containsEntry(COMMANDS, 1L);
        assertThat(counters.snapshot().acksWithoutCommand()).isZero();
    }

    @Test
    void anAckWhoseCommandNeverComesIsWrittenWithoutItsKindAfterTheWait() {
        Ack ack = SinkRecords.ackOf(SinkRecords.command("cmd-2", "r1", T), 20, T);
        consumer.updateEndOffsets(Map.of(COMMANDS, 1L));
        add(ACKS, ack);

        loop.runOnce();
        clock.advance(ACK_WAIT.minusMillis(1));
        loop.runOnce();
        assertThat(writer.requests).isEmpty();
        assertThat(committed().getOrDefault(ACKS, 0L)).as("held at the waiting ack").isZero();

        clock.advance(Duration.ofMillis(1));
        loop.runOnce();
        clock.advance(FLUSH);
        loop.runOnce();

        assertThat(writer.accepted).containsExactly("training_intervention,experiment=c100,kind=unknown,run_id=r1,"
                + "status=applied command_id=\"cmd-2\",epoch=20i " + SinkRecords.T_NS);
        assertThat(counters.snapshot().acksWithoutCommand()).isEqualTo(1);
        assertThat(committed()).containsEntry(ACKS, 1L);
    }

    @Test
    void anAckIsWrittenWithoutWaitingWhenTheCommandsAreReadToTheEnd() {
        add(ACKS, SinkRecords.ackOf(SinkRecords.command("cmd-3", "r1", T), 20, T));

        loop.runOnce();
        clock.advance(FLUSH);
        loop.runOnce();

        assertThat(writer.accepted).singleElement().asString().contains("kind=unknown");
    }

    @Test
    void unreadableRecordsAreCountedSkippedAndTheirOffsetsCommitted() {
        add(EPOCHS, "{\"schema\":1,\"experiment\":\"c100\"}".getBytes(StandardCharsets.UTF_8), 0);
        add(DECISIONS, "not json".getBytes(StandardCharsets.UTF_8), 0);
        // JSON that is no decision of the protocol's: its fields cannot be trusted to mean what a decision's do.
        add(DECISIONS, "{\"schema\":1,\"experiment\":\"c100\",\"decision\":\"exploit\",\"tau\":5}"
                .getBytes(StandardCharsets.UTF_8), 0);
        add(PLATEAU, ("{\"schema\":1,\"experiment\":\"c100\",\"run_id\":\"r1\",\"epoch\":4,\"window\":3,"
                + "\"time\":\"2025-02-06T12:00:00Z\"}").getBytes(StandardCharsets.UTF_8), 0);

        loop.runOnce();
        clock.advance(FLUSH);
        loop.runOnce();

        assertThat(writer.requests).isEmpty();
        assertThat(counters.snapshot().recordsUnreadable()).isEqualTo(4);
        assertThat(committed()).containsEntry(EPOCHS, 1L).containsEntry(DECISIONS, 2L).containsEntry(PLATEAU, 1L);
    }

    @Test
    void decisionsAndPlateauEventsAreWrittenFromTheirTypedRecords() {
        add(DECISIONS, SinkRecords.phaseDecision(T));
        add(PLATEAU, SinkRecords.plateau("a", T));

        loop.runOnce();
        clock.advance(FLUSH);
        loop.runOnce();

        assertThat(writer.accepted).containsExactlyInAnyOrder(
                "training_decision,experiment=c100,kind=phase_changed sequence=1.0,phase=\"probe\",tau=5.0,"
                        + "dry_run=false,reason=\"the baseline is quasi-steady\" " + SinkRecords.T_NS,
                "training_plateau,arm=a,experiment=c100,run_id=r1 plateau=true,epoch=40i,slope=-1.5e-4,p_value=0.62,"
                        + "window=10i " + SinkRecords.T_NS);
    }

    @Test
    void nonFiniteMetricsAreLeftOutAndCounted() {
        add(EPOCHS, SinkRecords.epoch("c100", "r1", null, 1, T, Double.NaN));

        loop.runOnce();

        assertThat(counters.snapshot().valuesLeftOut()).isEqualTo(2);
    }

    @Test
    void partitionsTakenAwayDropTheirUnwrittenPointsForTheNextOwnerToReadAgain() {
        epochs(1, 2);
        add(DECISIONS, ProtocolJson.writeBytes(SinkRecords.phaseDecision(T)), 7);
        loop.runOnce();
        assertThat(counters.snapshot().pointsWaiting()).isEqualTo(3);

        consumer.rebalance(List.of(DECISIONS, COMMANDS, ACKS));
        clock.advance(FLUSH);
        loop.runOnce();

        assertThat(writer.accepted).containsExactly("training_decision,experiment=c100,kind=phase_changed sequence=1.0,"
                + "phase=\"probe\",tau=5.0,dry_run=false,reason=\"the baseline is quasi-steady\" " + SinkRecords.T_NS);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.of(EPOCHS, DECISIONS));
        assertThat(committed.get(EPOCHS).offset()).as("nothing past the unwritten points").isZero();
        assertThat(committed.get(DECISIONS).offset()).isEqualTo(1L);
    }
}
