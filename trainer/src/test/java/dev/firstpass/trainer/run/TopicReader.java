package dev.firstpass.trainer.run;

import dev.firstpass.core.protocol.CloudEventHeaders;
import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.ProtocolJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Test-side Kafka: sends commands as a controller would and reads a run's records from a topic. */
final class TopicReader {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TopicReader() {
    }

    /** The values of the records keyed {@code runId}, waiting until {@code expected} have arrived. */
    static List<String> values(String bootstrap, String topic, String runId, int expected) {
        return values(bootstrap, topic, runId, expected, TIMEOUT);
    }

    static List<String> values(String bootstrap, String topic, String runId, int expected, Duration wait) {
        return values(bootstrap, Map.of(), topic, runId, expected, wait);
    }

    /** Like {@link #values(String, String, String, int)}, reading as the client {@code security} describes. */
    static List<String> values(String bootstrap, Map<String, String> security, String topic, String runId,
            int expected) {
        return values(bootstrap, security, topic, runId, expected, TIMEOUT);
    }

    private static List<String> values(String bootstrap, Map<String, String> security, String topic, String runId,
            int expected, Duration wait) {
        Map<String, Object> config = new HashMap<>(security);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + wait.toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    if (runId.equals(record.key())) {
                        values.add(record.value());
                    }
                }
            }
            // A little longer, so that a record too many would show.
            long settle = System.nanoTime() + Duration.ofMillis(300).toNanos();
            while (System.nanoTime() < settle) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    if (runId.equals(record.key())) {
                        values.add(record.value());
                    }
                }
            }
        }
        return values;
    }

    /** Sends {@code command} keyed by {@code key} with the CloudEvents headers a controller sets. */
    static void send(KafkaProducer<String, byte[]> producer, String topic, String key, Command command)
            throws Exception {
        send(producer, topic, key, CloudEventHeaders.forCommand(command, "/test/controller"),
                ProtocolJson.writeBytes(command));
    }

    static void send(KafkaProducer<String, byte[]> producer, String topic, String key, Map<String, String> headers,
            byte[] body) throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, body);
        headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        producer.send(record).get();
    }

    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return producer(bootstrap, Map.of());
    }

    /** An idempotent producer that authenticates as the client {@code security} describes. */
    static KafkaProducer<String, byte[]> producer(String bootstrap, Map<String, String> security) {
        Map<String, Object> config = new HashMap<>(security);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(config);
    }
}
