package dev.firstpass.cli.demo;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.InvalidRecordException;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Counts the kicks the trainers acknowledged as applied on the acks topic, which is what the monitor counts. */
final class AckCounter {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private AckCounter() {
    }

    static long applied(String bootstrapServers, String experiment) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long applied = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ACKS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue())
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> entry : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        Ack ack = ProtocolJson.parseAck(entry.value());
                        if (ack.experiment().equals(experiment) && ack.status() == Ack.Status.APPLIED) {
                            applied++;
                        }
                    } catch (InvalidRecordException notAnAck) {
                        // Only the demo's trainers write here; nothing else is counted.
                    }
                }
            }
        }
        return applied;
    }
}
