package dev.firstpass.controller;

import dev.firstpass.core.protocol.Decision;
import dev.firstpass.core.protocol.ProtocolJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the audit trail back, from the beginning to its current end, so a starting controller knows
 * every decision it (or a predecessor) published. Only committed decisions are read: those of a
 * transaction that failed were never acted on.
 */
final class DecisionLog {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionLog.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private DecisionLog() {
    }

    /** The decisions of the controlled experiments, in the order each experiment took them. */
    static List<Decision> read(ControllerConfig config, Duration timeout) {
        Properties props = config.clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<Decision> decisions = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = KafkaTopics.partitions(consumer, config.topics().decisions(), timeout);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!KafkaTopics.reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the decisions topic '"
                            + config.topics().decisions() + "' to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.value() == null) {
                        continue;
                    }
                    try {
                        Decision decision = ProtocolJson.parseDecision(record.value());
                        if (config.controls(decision.experiment())) {
                            decisions.add(decision);
                        }
                    } catch (IllegalArgumentException e) {
                        // Someone else's record on our topic must not stop the controller; it is not ours to replay.
                        LOG.warn("skipping unreadable decision at {}-{}@{}: {}", record.topic(), record.partition(),
                                record.offset(), e.getMessage());
                    }
                }
            }
        }
        return decisions;
    }
}
