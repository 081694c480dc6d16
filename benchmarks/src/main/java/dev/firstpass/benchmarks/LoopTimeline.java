package dev.firstpass.benchmarks;

import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * When each epoch event and each command was published, read back from the broker: a record's timestamp
 * is its producer's wall clock when it was sent (Kafka's CreateTime, in milliseconds), and the trainers,
 * the controller and this reader share one JVM and so one clock.
 *
 * <p>Commands are read committed: the controller publishes them in a transaction with their decisions, and
 * an aborted command never reaches a trainer.
 */
final class LoopTimeline implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);

    /** A command as published: its experiment, run and id, and when the controller sent it. */
    record PublishedCommand(String experiment, String runId, String commandId, long sentMillis) {
    }

    private final KafkaConsumer<String, String> consumer;
    private final Map<String, NavigableSet<Long>> epochEventTimes = new HashMap<>();
    private final List<PublishedCommand> commands = new ArrayList<>();
    private final List<TopicPartition> partitions = new ArrayList<>();

    LoopTimeline(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers,
                "isolation.level", "read_committed"), new StringDeserializer(), new StringDeserializer());
        for (String topic : List.of(Topics.EPOCH_EVENTS, Topics.COMMANDS)) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads everything published so far (committed, for commands). */
    void catchUp() {
        // An empty poll can come before the first fetch returns; the end offsets say when all is read.
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
            ConsumerRecords<String, String> records = consumer.poll(POLL);
            for (ConsumerRecord<String, String> record : records) {
                if (record.topic().equals(Topics.EPOCH_EVENTS)) {
                    String experiment = ProtocolJson.parseEpochEvent(record.value()).experiment();
                    epochEventTimes.computeIfAbsent(experiment, e -> new TreeSet<>()).add(record.timestamp());
                } else {
                    Command command = ProtocolJson.parseCommand(record.value());
                    commands.add(new PublishedCommand(command.experiment(), command.runId(), command.commandId(),
                            record.timestamp()));
                }
            }
        }
    }

    List<PublishedCommand> commands() {
        return List.copyOf(commands);
    }

    /**
     * When the latest epoch event of {@code experiment} sent at or before {@code millis} was sent, or -1 when
     * none was (a command to a run starting with the experiment, before any epoch).
     */
    long latestEpochEventAtOrBefore(String experiment, long millis) {
        NavigableSet<Long> times = epochEventTimes.get(experiment);
        Long latest = times == null ? null : times.floor(millis);
        return latest == null ? -1 : latest;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
