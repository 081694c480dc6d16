package dev.firstpass.trainer.publish;

import dev.firstpass.core.kafka.KafkaSecurity;
import dev.firstpass.core.protocol.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a trainer talks to Kafka: where the brokers are, which topics it uses, and how much it holds
 * back when they are unreachable.
 *
 * <p>Start from {@link #at(String)}; stated defaults: the default {@link Topics} names, up to 1,000
 * unsent records in memory before further ones are spooled to a file, 30 s at the end of a run to
 * deliver what is still unsent (the rest stays spooled for the next start of the same run), 10 s at
 * the start of a run to read the commands already waiting for it, the spool in the system temporary
 * folder unless a checkpoint folder gives it a home, plaintext connections ({@link KafkaSecurity#plaintext()}),
 * no extra client properties.
 *
 * @param bootstrapServers the brokers, host:port[,host:port...]
 * @param epochTopic where epoch events go
 * @param lifecycleTopic where run-started and run-finished go
 * @param commandsTopic where commands come from
 * @param acksTopic where acks go
 * @param memoryCapacity unsent records kept in memory; further ones go to the spool file
 * @param closeTimeout how long a finishing run tries to deliver what is unsent
 * @param catchUpTimeout how long a run waits at its start for the commands already on the topic
 * @param spoolDir where unsent records are spooled, or null for the default
 * @param security how producer and consumer authenticate and encrypt (SASL/SCRAM, TLS)
 * @param clientProperties further Kafka client properties, applied to producer and consumer after the security
 */
public record KafkaSettings(String bootstrapServers, String epochTopic, String lifecycleTopic, String commandsTopic,
        String acksTopic, int memoryCapacity, Duration closeTimeout, Duration catchUpTimeout, Path spoolDir,
        KafkaSecurity security, Map<String, String> clientProperties) {

    public KafkaSettings {
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        Objects.requireNonNull(catchUpTimeout, "catchUpTimeout");
        Objects.requireNonNull(security, "security");
        clientProperties = Map.copyOf(clientProperties);
    }

    /** The stated defaults for brokers at {@code bootstrapServers}. */
    public static KafkaSettings at(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, Topics.EPOCH_EVENTS, Topics.RUN_LIFECYCLE, Topics.COMMANDS,
                Topics.ACKS, 1000, Duration.ofSeconds(30), Duration.ofSeconds(10), null, KafkaSecurity.plaintext(),
                Map.of());
    }

    public KafkaSettings withMemoryCapacity(int records) {
        return new KafkaSettings(bootstrapServers, epochTopic, lifecycleTopic, commandsTopic, acksTopic, records,
                closeTimeout, catchUpTimeout, spoolDir, security, clientProperties);
    }

    public KafkaSettings withCloseTimeout(Duration timeout) {
        return new KafkaSettings(bootstrapServers, epochTopic, lifecycleTopic, commandsTopic, acksTopic,
                memoryCapacity, timeout, catchUpTimeout, spoolDir, security, clientProperties);
    }

    public KafkaSettings withCatchUpTimeout(Duration timeout) {
        return new KafkaSettings(bootstrapServers, epochTopic, lifecycleTopic, commandsTopic, acksTopic,
                memoryCapacity, closeTimeout, timeout, spoolDir, security, clientProperties);
    }

    public KafkaSettings withSpoolDir(Path dir) {
        return new KafkaSettings(bootstrapServers, epochTopic, lifecycleTopic, commandsTopic, acksTopic,
                memoryCapacity, closeTimeout, catchUpTimeout, dir, security, clientProperties);
    }

    /** The same settings with other topic names (epoch events, lifecycle, commands, acks). */
    public KafkaSettings withTopics(String epochs, String lifecycle, String commands, String acks) {
        return new KafkaSettings(bootstrapServers, epochs, lifecycle, commands, acks, memoryCapacity, closeTimeout,
                catchUpTimeout, spoolDir, security, clientProperties);
    }

    /** The same settings with producer and consumer authenticating and encrypting as {@code newSecurity} says. */
    public KafkaSettings withSecurity(KafkaSecurity newSecurity) {
        return new KafkaSettings(bootstrapServers, epochTopic, lifecycleTopic, commandsTopic, acksTopic,
                memoryCapacity, closeTimeout, catchUpTimeout, spoolDir, newSecurity, clientProperties);
    }

    /** The same settings plus one Kafka client property. */
    public KafkaSettings withClientProperty(String key, String value) {
        Map<String, String> merged = new LinkedHashMap<>(clientProperties);
        merged.put(key, value);
        return new KafkaSettings(bootstrapServers, epochTopic, lifecycleTopic, commandsTopic, acksTopic,
                memoryCapacity, closeTimeout, catchUpTimeout, spoolDir, security, merged);
    }

    /** Every problem, each naming the rule and the offending value; empty when the settings are usable. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            problems.add("bootstrap servers must not be blank: \"" + bootstrapServers + "\"");
        }
        topic(problems, "epoch topic", epochTopic);
        topic(problems, "lifecycle topic", lifecycleTopic);
        topic(problems, "commands topic", commandsTopic);
        topic(problems, "acks topic", acksTopic);
        if (memoryCapacity < 1) {
            problems.add("memory capacity must be at least 1 record: " + memoryCapacity);
        }
        if (closeTimeout.isNegative()) {
            problems.add("close timeout must not be negative: " + closeTimeout);
        }
        if (catchUpTimeout.isNegative()) {
            problems.add("catch-up timeout must not be negative: " + catchUpTimeout);
        }
        problems.addAll(security.problems());
        return problems;
    }

    private static void topic(List<String> problems, String what, String name) {
        if (name == null || name.isBlank()) {
            problems.add(what + " must not be blank: \"" + name + "\"");
        }
    }
}
