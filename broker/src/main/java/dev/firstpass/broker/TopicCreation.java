package dev.firstpass.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates topics on the single node and waits until every partition has a leader, so a producer started
 * right after never sees a transient "unknown topic or partition".
 */
final class TopicCreation {

    private static final short ONE_REPLICA = 1;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TopicCreation() {
    }

    static void create(Admin admin, Map<String, Integer> partitionsByName, Map<String, String> topicConfig) {
        List<String> problems = new ArrayList<>();
        partitionsByName.forEach((name, partitions) -> {
            if (name == null || name.isBlank()) {
                problems.add("topic name must not be blank: '" + name + "'");
            }
            if (partitions == null || partitions < 1) {
                problems.add("topic " + name + " must have at least 1 partition: " + partitions);
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        List<NewTopic> topics = partitionsByName.entrySet().stream()
                .map(e -> new NewTopic(e.getKey(), Optional.of(e.getValue()), Optional.of(ONE_REPLICA))
                        .configs(topicConfig))
                .toList();
        admin.createTopics(topics).values().forEach((name, future) -> {
            try {
                await(future);
            } catch (ExecutionException e) {
                // Creating is idempotent: a topic left from an earlier run on the same data dir is kept as is.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e);
                }
            }
        });
        awaitLeaders(admin, partitionsByName.keySet());
    }

    private static void awaitLeaders(Admin admin, Collection<String> names) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> descriptions = await(admin.describeTopics(names).allTopicNames());
                boolean ready = descriptions.values().stream()
                        .flatMap(d -> d.partitions().stream())
                        .map(TopicPartitionInfo::leader)
                        .allMatch(leader -> leader != null && !leader.isEmpty());
                if (ready) {
                    return;
                }
            } catch (ExecutionException e) {
                // Metadata may lag the creation by a moment; ask again until the deadline.
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics have no leader after " + TIMEOUT.toSeconds() + " s: " + names);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topic leaders: " + names, e);
            }
        }
    }

    private static <T> T await(KafkaFuture<T> future) throws ExecutionException {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to the broker", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not answer within " + TIMEOUT.toSeconds() + " s", e);
        }
    }
}
