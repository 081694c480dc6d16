package dev.firstpass.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Topics, ordering and transactions on one ephemeral broker shared by the whole class. */
class EmbeddedKafkaBrokerTest {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral());
    }

    @AfterAll
    static void closeBroker() {
        broker.close();
    }

    @Test
    void createdTopicHasThreePartitionsWithOneReplicaEach() throws Exception {
        broker.createTopics(Map.of("three.partitions", 3));

        try (Admin admin = admin()) {
            TopicDescription topic = admin.describeTopics(Set.of("three.partitions"))
                    .allTopicNames().get().get("three.partitions");
            assertThat(topic.partitions()).hasSize(3);
            assertThat(topic.partitions()).allSatisfy(p -> {
                assertThat(p.replicas()).hasSize(1);
                assertThat(p.leader().id()).isEqualTo(1);
            });
        }
    }

    @Test
    void bootstrapAddressIsLoopbackOnTheChosenPort() {
        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
        assertThat(broker.port()).isPositive();
        assertThat(broker.isRunning()).isTrue();
    }

    @Test
    void compactedTopicHasCompactCleanupPolicy() throws Exception {
        broker.createCompactedTopics(Map.of("latest.per.key", 2));

        try (Admin admin = admin()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "latest.per.key");
            Config config = admin.describeConfigs(Set.of(resource)).all().get().get(resource);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void creatingAnExistingTopicAgainKeepsItsPartitions() throws Exception {
        broker.createTopics(Map.of("created.twice", 2));
        broker.createTopics(Map.of("created.twice", 5));

        try (Admin admin = admin()) {
            assertThat(admin.describeTopics(Set.of("created.twice")).allTopicNames().get()
                    .get("created.twice").partitions()).hasSize(2);
        }
    }

    @Test
    void hundredKeyedRecordsFromAnIdempotentProducerComeBackInPerKeyOrder() throws Exception {
        broker.createTopics(Map.of("keyed", 3));
        Map<String, List<String>> sent = new TreeMap<>();
        try (KafkaProducer<String, String> producer = TestClients.idempotentProducer(broker.bootstrapServers())) {
            for (int i = 0; i < 100; i++) {
                String key = "run-" + (i % 7);
                String value = "epoch-" + i;
                producer.send(new ProducerRecord<>("keyed", key, value)).get();
                sent.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }

        List<ConsumerRecord<String, String>> received =
                TestClients.readFromStart(broker.bootstrapServers(), "keyed", 3, 100, "read_uncommitted");

        Map<String, List<String>> receivedByKey = new TreeMap<>();
        received.forEach(r -> receivedByKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value()));
        assertThat(received).hasSize(100);
        assertThat(receivedByKey).isEqualTo(sent);
    }

    @Test
    void readCommittedConsumerSeesCommittedTransactionsAndNotAbortedOnes() {
        broker.createTopics(Map.of("transactional", 1));
        try (KafkaProducer<String, String> producer =
                     TestClients.transactionalProducer(broker.bootstrapServers(), "firstpass-test-tx")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactional", "run-1", "committed-first"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactional", "run-1", "aborted"));
            // Without a flush the producer may drop the unsent batch itself and the broker never sees it.
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactional", "run-1", "committed-second"));
            producer.commitTransaction();
        }

        List<String> committed = values(TestClients.readFromStart(
                broker.bootstrapServers(), "transactional", 1, 2, "read_committed"));
        List<String> everything = values(TestClients.readFromStart(
                broker.bootstrapServers(), "transactional", 1, 3, "read_uncommitted"));

        assertThat(committed).containsExactly("committed-first", "committed-second");
        assertThat(everything).containsExactly("committed-first", "aborted", "committed-second");
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    private static Admin admin() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return Admin.create(config);
    }
}
