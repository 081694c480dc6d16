package dev.firstpass.monitor;

import dev.firstpass.core.protocol.TopicRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks, before Kafka Streams starts, that the topics the monitor reads exist, and finds the partition
 * count of its run step: the most partitions any input topic has.
 *
 * <p>Kafka Streams would otherwise meet a missing input topic by shutting its threads down with pages
 * of stack traces. Here each missing topic is one line naming it and how to create it; with
 * {@value MonitorConfig#CREATE_TOPICS} the monitor creates the missing topics instead (the inputs with as
 * many partitions as the existing inputs have, else {@value #DEFAULT_PARTITIONS}; each with the retention or
 * compaction of its {@link TopicRole}).
 */
final class TopicCheck {

    static final int DEFAULT_PARTITIONS = 3;
    private static final long TIMEOUT_SECONDS = 30;

    private TopicCheck() {
    }

    /**
     * The partition count of the run step.
     *
     * @throws MonitorTopicsException when input topics are missing (and not to be created) or Kafka
     *     cannot be asked
     */
    static int runPartitions(MonitorConfig config) {
        MonitorTopics topics = config.topics();
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put(topics.epochs(), config.nativeInput() ? "epoch events" : "epoch events, " + config.inputFormat());
        inputs.putIfAbsent(topics.acks(), "acks");
        inputs.putIfAbsent(topics.lifecycle(), "run lifecycle");
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put(topics.fptStats(), "statistics");
        outputs.putIfAbsent(topics.deadLetters(), "dead letters");
        outputs.putIfAbsent(topics.plateau(), "plateau changes");
        inputs.keySet().forEach(outputs::remove);
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        props.putAll(config.security().clientProperties());
        try (Admin admin = Admin.create(props)) {
            Map<String, Integer> partitions = partitions(admin, config, inputs.keySet());
            List<String> missing = inputs.keySet().stream().filter(topic -> !partitions.containsKey(topic)).toList();
            int count = partitions.values().stream().mapToInt(Integer::intValue).max().orElse(DEFAULT_PARTITIONS);
            if (!config.createTopics()) {
                if (!missing.isEmpty()) {
                    throw new MonitorTopicsException(missing.stream().map(topic -> "input topic " + topic + " ("
                            + inputs.get(topic) + ") does not exist on " + config.bootstrapServers()
                            + ": create it with kafka-topics.sh --bootstrap-server " + config.bootstrapServers()
                            + " --create --topic " + topic + " --partitions " + count + ", or start the monitor with "
                            + MonitorConfig.CREATE_TOPICS.key() + "=true").toList());
                }
                return count;
            }
            Map<String, Integer> present = partitions(admin, config, outputs.keySet());
            Map<String, TopicRole> roles = roles(topics);
            List<NewTopic> create = new ArrayList<>();
            Stream.concat(missing.stream(), outputs.keySet().stream().filter(topic -> !present.containsKey(topic)))
                    .forEach(topic -> create.add(new NewTopic(topic, Optional.of(count), Optional.empty())
                            .configs(roles.get(topic).configs())));
            create(admin, config, create);
            return count;
        }
    }

    /** The role of each topic; where one topic serves two roles, the first one named here decides. */
    private static Map<String, TopicRole> roles(MonitorTopics topics) {
        Map<String, TopicRole> roles = new LinkedHashMap<>();
        roles.put(topics.epochs(), TopicRole.EPOCH_EVENTS);
        roles.putIfAbsent(topics.acks(), TopicRole.ACKS);
        roles.putIfAbsent(topics.lifecycle(), TopicRole.RUN_LIFECYCLE);
        roles.putIfAbsent(topics.fptStats(), TopicRole.FPT_STATS);
        roles.putIfAbsent(topics.deadLetters(), TopicRole.DEAD_LETTERS);
        roles.putIfAbsent(topics.plateau(), TopicRole.PLATEAU);
        return roles;
    }

    private static Map<String, Integer> partitions(Admin admin, MonitorConfig config, Iterable<String> names) {
        Map<String, Integer> found = new LinkedHashMap<>();
        List<String> list = new ArrayList<>();
        names.forEach(list::add);
        Map<String, KafkaFuture<TopicDescription>> futures = admin.describeTopics(list).topicNameValues();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> entry : futures.entrySet()) {
            try {
                found.put(entry.getKey(),
                        entry.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).partitions().size());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw unreachable(config, e.getCause());
                }
            } catch (TimeoutException e) {
                throw unreachable(config, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unreachable(config, e);
            }
        }
        return found;
    }

    private static void create(Admin admin, MonitorConfig config, List<NewTopic> topics) {
        if (topics.isEmpty()) {
            return;
        }
        admin.createTopics(topics).values().forEach((topic, future) -> {
            try {
                future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new MonitorTopicsException(List.of("cannot create topic " + topic + " on "
                            + config.bootstrapServers() + ": " + e.getCause().getMessage()));
                }
            } catch (TimeoutException e) {
                throw unreachable(config, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unreachable(config, e);
            }
        });
    }

    private static MonitorTopicsException unreachable(MonitorConfig config, Throwable cause) {
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new MonitorTopicsException(List.of("cannot check the topics on " + config.bootstrapServers()
                + " within " + TIMEOUT_SECONDS + " s: " + message));
    }
}
