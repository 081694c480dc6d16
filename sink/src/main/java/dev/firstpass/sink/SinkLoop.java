package dev.firstpass.sink;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.InvalidRecordException;
import dev.firstpass.core.protocol.ProtocolJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's consumer loop, one turn at a time: read records, turn them into points, write a batch when
 * it is full or old enough, and commit Kafka offsets only up to records whose points are written.
 *
 * <p>When a write fails the batch is kept, every partition is paused (polling goes on, so the consumer
 * stays in its group) and the write is retried after an exponential backoff; the sink falls behind in
 * Kafka instead of losing points or holding more of them in memory. When the server answers again the
 * partitions resume where they were paused. After a restart the sink starts from the committed offsets,
 * so points written but not committed are written again: every point's time comes from its record, so
 * that rewrites the same point.
 *
 * <p>An ack needs its command (for the kind and the latency). An ack read before its command waits
 * (holding back its partition's committed offset) until the command is read, until the commands
 * partitions have caught up or passed the ack's timestamp, or until {@link SinkConfig#ackWait()}; then
 * it is written without the command.
 *
 * <p>Not thread-safe: one thread runs every turn, as the Kafka consumer requires.
 */
final class SinkLoop implements ConsumerRebalanceListener {

    private static final Logger LOG = LoggerFactory.getLogger(SinkLoop.class);
    private static final Duration LONGEST_POLL = Duration.ofMillis(500);

    private record Buffered(TopicPartition partition, long offset, List<String> lines) {
    }

    private record ParkedAck(TopicPartition partition, long offset, Ack ack, long recordTimestampMs, Instant deadline) {
    }

    private final Consumer<byte[], byte[]> consumer;
    private final PointWriter writer;
    private final SinkConfig config;
    private final SinkTopics topics;
    private final Clock clock;
    private final CommandIndex commands;
    private final Counters counters;
    private final Backoff backoff;
    private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
    private final Map<TopicPartition, Long> newestCommandTimestamp = new HashMap<>();
    private final List<Buffered> batch = new ArrayList<>();
    private final List<ParkedAck> parked = new ArrayList<>();
    private int bufferedLines;
    private Instant batchStarted;
    private Instant retryAt;
    private Instant lastCommit;

    SinkLoop(Consumer<byte[], byte[]> consumer, PointWriter writer, SinkConfig config, Clock clock,
            CommandIndex commands, Counters counters) {
        this.consumer = consumer;
        this.writer = writer;
        this.config = config;
        this.topics = config.topics();
        this.clock = clock;
        this.commands = commands;
        this.counters = counters;
        this.backoff = new Backoff(config.backoffInitial(), config.backoffMax());
        this.lastCommit = clock.instant();
    }

    void subscribe() {
        consumer.subscribe(topics.all(), this);
    }

    /** One turn: poll (or, while retrying, wait polling paused partitions), then write and commit what is due. */
    void runOnce() {
        Instant now = clock.instant();
        if (retryAt != null) {
            if (now.isBefore(retryAt)) {
                // Paused partitions return nothing; the poll keeps the consumer in its group while it waits.
                consumer.poll(min(Duration.between(now, retryAt), LONGEST_POLL));
                releaseParkedAcks();
                publishWaiting();
                return;
            }
            flush();
            return;
        }
        if (bufferedLines < config.batchSize()) {
            accept(consumer.poll(pollTimeout(now)));
        }
        releaseParkedAcks();
        now = clock.instant();
        boolean full = bufferedLines >= config.batchSize();
        boolean old = batchStarted != null && !now.isBefore(batchStarted.plus(config.flushInterval()));
        if (full || old) {
            flush();
        } else if (batch.isEmpty() && !now.isBefore(lastCommit.plus(config.flushInterval()))) {
            // Records that give no points (commands, unreadable ones) still move the committed offset.
            commit();
        }
        publishWaiting();
    }

    /**
     * The last turn before closing: writes what is buffered if the server is healthy and commits.
     * Points that cannot be written now stay uncommitted and are read again at the next start.
     */
    void finish() {
        if (retryAt == null && !batch.isEmpty()) {
            flush();
        } else if (retryAt == null) {
            commit();
        }
    }

    private Duration pollTimeout(Instant now) {
        if (batchStarted == null) {
            return min(config.flushInterval(), LONGEST_POLL);
        }
        Duration left = Duration.between(now, batchStarted.plus(config.flushInterval()));
        return left.isNegative() ? Duration.ZERO : min(left, LONGEST_POLL);
    }

    private void accept(ConsumerRecords<byte[], byte[]> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            counters.recordsRead.incrementAndGet();
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            progress(partition).read(record.offset());
            if (record.value() == null) {
                continue; // a tombstone carries no points
            }
            try {
                translate(partition, record);
            } catch (InvalidRecordException e) {
                counters.recordsUnreadable.incrementAndGet();
                LOG.warn("skipping unreadable record {}@{}: {}", partition, record.offset(), e.getMessage());
            }
        }
    }

    private void translate(TopicPartition partition, ConsumerRecord<byte[], byte[]> record) {
        String topic = record.topic();
        byte[] value = record.value();
        if (topic.equals(topics.epochs())) {
            buffer(partition, record.offset(), EpochPoints.of(ProtocolJson.parseEpochEvent(value)).stream().toList());
        } else if (topic.equals(topics.commands())) {
            commands.remember(ProtocolJson.parseCommand(value));
            newestCommandTimestamp.merge(partition, record.timestamp(), Math::max);
        } else if (topic.equals(topics.acks())) {
            acknowledge(partition, record.offset(), ProtocolJson.parseAck(value), record.timestamp());
        } else if (topic.equals(topics.decisions())) {
            buffer(partition, record.offset(), DecisionPoints.of(ProtocolJson.parseDecision(value)).stream().toList());
        } else if (topic.equals(topics.fptStats())) {
            buffer(partition, record.offset(), StatsPoints.of(ProtocolJson.parseFptStats(value)));
        } else if (topic.equals(topics.plateau())) {
            buffer(partition, record.offset(),
                    PlateauPoints.of(ProtocolJson.parsePlateauEvent(value)).stream().toList());
        }
    }

    private void acknowledge(TopicPartition partition, long offset, Ack ack, long recordTimestampMs) {
        CommandInfo command = commands.find(ack.commandId());
        if (command != null || !commandMayStillCome(recordTimestampMs)) {
            writeAck(partition, offset, ack, command);
            return;
        }
        progress(partition).hold(offset);
        parked.add(new ParkedAck(partition, offset, ack, recordTimestampMs, clock.instant().plus(config.ackWait())));
    }

    private void releaseParkedAcks() {
        if (parked.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Iterator<ParkedAck> waiting = parked.iterator();
        while (waiting.hasNext()) {
            ParkedAck next = waiting.next();
            CommandInfo command = commands.find(next.ack().commandId());
            if (command != null || !now.isBefore(next.deadline()) || !commandMayStillCome(next.recordTimestampMs())) {
                waiting.remove();
                writeAck(next.partition(), next.offset(), next.ack(), command);
                progress(next.partition()).release(next.offset());
            }
        }
    }

    private void writeAck(TopicPartition partition, long offset, Ack ack, CommandInfo command) {
        if (command == null) {
            counters.acksWithoutCommand.incrementAndGet();
        }
        buffer(partition, offset, InterventionPoints.of(ack, command).stream().toList());
    }

    /**
     * Whether the command of an ack produced at {@code ackTimestampMs} may still be read: some assigned
     * commands partition has neither caught up nor reached a record produced at or after the ack.
     */
    private boolean commandMayStillCome(long ackTimestampMs) {
        for (TopicPartition partition : consumer.assignment()) {
            if (!partition.topic().equals(topics.commands())) {
                continue;
            }
            OptionalLong lag = consumer.currentLag(partition);
            boolean caughtUp = lag.isPresent() && lag.getAsLong() == 0;
            boolean passed = newestCommandTimestamp.getOrDefault(partition, Long.MIN_VALUE) >= ackTimestampMs;
            if (!caughtUp && !passed) {
                return true;
            }
        }
        return false;
    }

    private void buffer(TopicPartition partition, long offset, List<Line> lines) {
        if (lines.isEmpty()) {
            return;
        }
        List<String> texts = new ArrayList<>(lines.size());
        for (Line line : lines) {
            texts.add(line.text());
            counters.valuesLeftOut.addAndGet(line.leftOut());
        }
        batch.add(new Buffered(partition, offset, texts));
        progress(partition).hold(offset);
        bufferedLines += texts.size();
        if (batchStarted == null) {
            batchStarted = clock.instant();
        }
    }

    private void flush() {
        if (batch.isEmpty()) {
            recovered();
            commit();
            return;
        }
        List<String> lines = new ArrayList<>(bufferedLines);
        batch.forEach(entry -> lines.addAll(entry.lines()));
        try {
            long rejected = 0;
            for (int from = 0; from < lines.size(); from += config.batchSize()) {
                rejected += writeOrSplit(lines.subList(from, Math.min(lines.size(), from + config.batchSize())));
            }
            // Counted only now: a retry after a failure part way would otherwise count refusals twice.
            counters.pointsRejected.addAndGet(rejected);
            counters.pointsWritten.addAndGet(lines.size() - rejected);
        } catch (WriteException e) {
            failed(e, lines.size());
            return;
        }
        for (Buffered entry : batch) {
            progress(entry.partition()).release(entry.offset());
        }
        batch.clear();
        bufferedLines = 0;
        batchStarted = null;
        recovered();
        commit();
        publishWaiting();
    }

    /** Writes {@code lines}, halving around points the server refuses; the number of refused points. */
    private long writeOrSplit(List<String> lines) {
        try {
            writer.write(lines);
            counters.writes.incrementAndGet();
            return 0;
        } catch (WriteException e) {
            if (!e.contentRefused()) {
                throw e;
            }
            if (lines.size() == 1) {
                counters.failed(e.getMessage());
                LOG.warn("InfluxDB refused a point, skipping it: {}; the point: {}", e.getMessage(),
                        abbreviated(lines.get(0)));
                return 1;
            }
            int half = lines.size() / 2;
            return writeOrSplit(lines.subList(0, half)) + writeOrSplit(lines.subList(half, lines.size()));
        }
    }

    private void failed(WriteException e, int points) {
        counters.writeFailures.incrementAndGet();
        counters.failed(e.getMessage());
        Duration wait = backoff.next();
        retryAt = clock.instant().plus(wait);
        consumer.pause(consumer.assignment());
        LOG.warn("writing {} points failed ({} in a row): {}; retrying in {} ms with Kafka paused, offsets uncommitted",
                points, backoff.failures(), e.getMessage(), wait.toMillis());
        publishWaiting();
    }

    private void recovered() {
        if (retryAt == null) {
            backoff.reset();
            return;
        }
        LOG.info("{} accepts writes again after {} failed attempts; catching up", writer.target(), backoff.failures());
        retryAt = null;
        backoff.reset();
        consumer.resume(consumer.paused());
    }

    private void commit() {
        lastCommit = clock.instant();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        progress.forEach((partition, read) -> {
            if (read.advanced()) {
                offsets.put(partition, new OffsetAndMetadata(read.committable()));
            }
        });
        commit(offsets);
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
            offsets.forEach((partition, offset) -> {
                PartitionProgress read = progress.get(partition);
                if (read != null) {
                    read.committed(offset.offset());
                }
            });
        } catch (WakeupException | InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            // The points are written; the worst outcome is that they are written again after a restart.
            counters.commitFailures.incrementAndGet();
            LOG.warn("committing offsets failed, the records will be read again after a restart: {}", e.toString());
        }
    }

    private void publishWaiting() {
        int parkedAcks = parked.size();
        counters.waiting(bufferedLines + parkedAcks, retryAt != null);
    }

    private PartitionProgress progress(TopicPartition partition) {
        return progress.computeIfAbsent(partition, p -> new PartitionProgress());
    }

    /**
     * Before partitions move to another member: commit what is written, and drop what is not, which the
     * next owner reads again from the committed offset.
     */
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            PartitionProgress read = progress.get(partition);
            if (read != null && read.advanced()) {
                offsets.put(partition, new OffsetAndMetadata(read.committable()));
            }
        }
        commit(offsets);
        forget(partitions);
    }

    /** Partitions already owned by another member: nothing may be committed for them any more. */
    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (retryAt != null) {
            consumer.pause(partitions);
        }
    }

    private void forget(Collection<TopicPartition> partitions) {
        batch.removeIf(entry -> partitions.contains(entry.partition()));
        parked.removeIf(ack -> partitions.contains(ack.partition()));
        bufferedLines = batch.stream().mapToInt(entry -> entry.lines().size()).sum();
        if (batch.isEmpty()) {
            batchStarted = null;
        }
        partitions.forEach(progress::remove);
        partitions.forEach(newestCommandTimestamp::remove);
        publishWaiting();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String abbreviated(String line) {
        return line.length() <= 300 ? line : line.substring(0, 300) + "...";
    }

    /** For tests: whether a failed write is waiting to be retried. */
    Optional<Instant> retryAt() {
        return Optional.ofNullable(retryAt);
    }
}
