package dev.firstpass.benchmarks;

import dev.firstpass.core.protocol.CloudEventHeaders;
import dev.firstpass.core.protocol.Decision;
import dev.firstpass.core.protocol.DecisionType;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the decisions and commands topics as they grow and checks that they agree: each experiment's
 * decisions are numbered 1, 2, 3... without a gap or a repeat, no command id is published twice, and once
 * an experiment is settled the commands on the topic are exactly the ones its decisions issued.
 *
 * <p>An experiment's command ids are forgotten once it is settled, so the audit's memory stays bounded
 * by the experiments in flight (plus one sequence number per experiment).
 */
final class CommandAudit implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<String, String> consumer;
    private final Map<String, Long> lastSequence = new HashMap<>();
    private final Map<String, Set<String>> issued = new HashMap<>();
    private final Map<String, Set<String>> published = new HashMap<>();
    private final Set<String> settled = new HashSet<>();
    private final List<String> violations = new ArrayList<>();
    private long decisions;
    private long commands;

    CommandAudit(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers,
                "isolation.level", "read_committed"), new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.DECISIONS, Topics.COMMANDS)) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads whatever was published since the last call and returns the violations found in it. */
    List<String> catchUp() {
        int before = violations.size();
        ConsumerRecords<String, String> records;
        do {
            records = consumer.poll(POLL);
            for (ConsumerRecord<String, String> record : records) {
                if (record.topic().equals(Topics.DECISIONS)) {
                    decision(ProtocolJson.parseDecision(record.value()));
                } else {
                    command(record);
                }
            }
        } while (!records.isEmpty());
        return List.copyOf(violations.subList(before, violations.size()));
    }

    /**
     * Compares what the decisions of {@code experiment} issued with what reached the commands topic, then
     * forgets its command ids; returns the violations found.
     */
    List<String> settle(String experiment) {
        List<String> found = new ArrayList<>(catchUp());
        Set<String> decided = issued.getOrDefault(experiment, Set.of());
        Set<String> sent = published.getOrDefault(experiment, Set.of());
        if (!decided.equals(sent)) {
            Set<String> missing = new TreeSet<>(decided);
            missing.removeAll(sent);
            Set<String> unexplained = new TreeSet<>(sent);
            unexplained.removeAll(decided);
            found.add(add(experiment + ": commands decided but not published " + missing
                    + ", published without a decision " + unexplained));
        }
        issued.remove(experiment);
        published.remove(experiment);
        settled.add(experiment);
        return found;
    }

    long decisions() {
        return decisions;
    }

    long commands() {
        return commands;
    }

    private void decision(Decision decision) {
        decisions++;
        long expected = lastSequence.getOrDefault(decision.experiment(), 0L) + 1;
        if (decision.sequence() != expected) {
            add(decision.experiment() + ": decision sequence " + decision.sequence() + " where " + expected
                    + " was due");
        }
        lastSequence.put(decision.experiment(), Math.max(expected, decision.sequence()));
        if (decision.type() == DecisionType.COMMAND_ISSUED && !decision.dryRun()) {
            if (settled.contains(decision.experiment())) {
                add(decision.experiment() + ": command " + decision.commandId() + " issued after the experiment ended");
            } else if (!issued.computeIfAbsent(decision.experiment(), e -> new HashSet<>()).add(decision.commandId())) {
                add(decision.experiment() + ": command " + decision.commandId() + " issued twice");
            }
        }
    }

    private void command(ConsumerRecord<String, String> record) {
        commands++;
        String experiment = ProtocolJson.parseCommand(record.value()).experiment();
        Header id = record.headers().lastHeader(CloudEventHeaders.ID);
        String commandId = id == null ? null : new String(id.value(), StandardCharsets.UTF_8);
        if (commandId == null) {
            add(experiment + ": a command without " + CloudEventHeaders.ID + " at offset " + record.offset());
        } else if (settled.contains(experiment)) {
            add(experiment + ": command " + commandId + " published after the experiment ended");
        } else if (!published.computeIfAbsent(experiment, e -> new HashSet<>()).add(commandId)) {
            add(experiment + ": command " + commandId + " published twice");
        }
    }

    private String add(String violation) {
        violations.add(violation);
        return violation;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
