package dev.firstpass.sink;

import dev.firstpass.core.protocol.InvalidRecordException;
import dev.firstpass.core.protocol.ProtocolJson;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the recent commands again when the sink starts, outside its consumer group.
 *
 * <p>The group's committed offset on the commands topic may be past commands whose acks are still to
 * come (or still uncommitted); without their commands those acks would lose their kind and latency.
 * Best effort: if Kafka does not answer in time the sink starts without them.
 */
final class CommandHistory {

    private static final Logger LOG = LoggerFactory.getLogger(CommandHistory.class);

    private CommandHistory() {
    }

    /** Reads the commands of {@code topic} produced since {@code since} into {@code index}; how many. */
    static int read(Map<String, Object> consumerProperties, String topic, Instant since, Duration timeout,
            CommandIndex index) {
        Map<String, Object> props = new HashMap<>(consumerProperties);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, consumerProperties.get(ConsumerConfig.CLIENT_ID_CONFIG) + "-commands");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long deadline = System.nanoTime() + timeout.toNanos();
        int read = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
            if (partitions == null || partitions.isEmpty()) {
                return 0;
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(assigned);
            Map<TopicPartition, Long> starts = new HashMap<>();
            assigned.forEach(p -> starts.put(p, since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(starts, timeout);
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, timeout);
            for (TopicPartition partition : assigned) {
                OffsetAndTimestamp start = offsets.get(partition);
                consumer.seek(partition, start == null ? ends.get(partition) : start.offset());
            }
            while (!reachedEnd(consumer, ends) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        continue;
                    }
                    try {
                        index.remember(ProtocolJson.parseCommand(record.value()));
                        read++;
                    } catch (InvalidRecordException e) {
                        // The main loop reports unreadable commands when it reaches them.
                    }
                }
            }
        } catch (KafkaException e) {
            LOG.warn("could not read the recent commands of {} ({}); acks of older commands will lack their kind",
                    topic, e.toString());
        }
        return read;
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }
}
