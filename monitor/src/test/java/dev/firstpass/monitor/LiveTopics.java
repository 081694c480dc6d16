package dev.firstpass.monitor;

import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.ProtocolJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writing raw records to, and reading committed records from, single-partition topics of a live broker.
 */
final class LiveTopics {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final EmbeddedKafkaBroker kafka;

    LiveTopics(EmbeddedKafkaBroker kafka) {
        this.kafka = kafka;
    }

    /** Writes {@code records} in order; one idempotent producer keeps them in that order on the partition. */
    void publish(String topic, List<RawRecord> records) {
        // One request in flight keeps the order without the idempotent producer's sequence numbers, which a
        // leader still settling on a just-created topic can answer with OutOfOrderSequence until the end of time.
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers(), "enable.idempotence", false, "max.in.flight.requests.per.connection", 1,
                "acks", "all", "linger.ms", 5, "max.request.size", 4_194_304),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (RawRecord record : records) {
                producer.send(new ProducerRecord<>(topic, 0, record.key(), record.value()));
            }
            producer.flush();
        }
    }

    /** The last statistics of every key of {@code topic}, committed records only. */
    Map<String, FptStats> latestStats(String topic) {
        Map<String, FptStats> latest = new TreeMap<>();
        readAll(topic, record -> latest.put(new String(record.key(), StandardCharsets.UTF_8), ProtocolJson.parseFptStats(
                new String(record.value(), StandardCharsets.UTF_8))));
        return latest;
    }

    /** Every committed record of {@code topic}, from the beginning to its current end. */
    List<ConsumerRecord<byte[], byte[]>> all(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        readAll(topic, records::add);
        return records;
    }

    private void readAll(String topic, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers(), "isolation.level", "read_committed", "max.partition.fetch.bytes", 4_194_304),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            // With read_committed, the end offset is the last stable offset: open transactions are not waited for.
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out reading " + topic);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(sink);
            }
        }
    }
}
