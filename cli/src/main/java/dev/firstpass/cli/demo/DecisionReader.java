package dev.firstpass.cli.demo;

import dev.firstpass.core.protocol.Decision;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads every decision the controller published, oldest first, for the report's timeline. */
final class DecisionReader {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private DecisionReader() {
    }

    static List<Decision> readAll(String bootstrapServers, String experiment) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<Decision> decisions = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DECISIONS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            // Assigned, not subscribed: no group, and the end offsets say when everything has been read.
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!caughtUp(consumer, ends) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> entry : consumer.poll(Duration.ofMillis(200))) {
                    Decision decision = ProtocolJson.parseDecision(entry.value());
                    if (decision.experiment().equals(experiment)) {
                        decisions.add(decision);
                    }
                }
            }
        }
        decisions.sort(Comparator.comparingLong(Decision::sequence));
        return decisions;
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }
}
