package dev.firstpass.python;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Every committed record of a topic, with the partition it landed on, read without a consumer group. */
final class TopicRecords {

    /** One record: where it landed, its key and value as text, its headers. */
    record Entry(int partition, long offset, String key, byte[] value, Map<String, String> headers) {
        String text() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    private TopicRecords() {
    }

    static List<Entry> readAll(String bootstrapServers, String topic) {
        return readAll(bootstrapServers, Map.of(), topic);
    }

    /** As {@link #readAll(String, String)}, with further client properties (SCRAM, TLS). */
    static List<Entry> readAll(String bootstrapServers, Map<String, String> properties, String topic) {
        Map<String, Object> config = new java.util.HashMap<>(properties);
        config.put("bootstrap.servers", bootstrapServers);
        config.put("isolation.level", "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<Entry> entries = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Map<String, String> headers = new LinkedHashMap<>();
                    for (Header header : record.headers()) {
                        headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
                    }
                    entries.add(new Entry(record.partition(), record.offset(),
                            record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                            record.value(), headers));
                }
            }
            return entries;
        }
    }
}
