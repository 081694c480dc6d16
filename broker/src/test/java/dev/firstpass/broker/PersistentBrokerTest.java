package dev.firstpass.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker on a data dir of the caller's choosing keeps its cluster, topics and records across starts. */
class PersistentBrokerTest {

    @TempDir
    Path dataDir;

    @Test
    void persistentDataDirSurvivesCloseAndServesTheSameClusterOnTheNextStart() throws Exception {
        String clusterId;
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(BrokerSettings.persistentAt(dataDir, 0))) {
            first.createTopics(Map.of("kept", 1));
            try (KafkaProducer<String, String> producer = TestClients.idempotentProducer(first.bootstrapServers())) {
                producer.send(new ProducerRecord<>("kept", "run-1", "first-life")).get();
            }
            clusterId = clusterId(first);
        }
        assertThat(dataDir.resolve("meta.properties")).isRegularFile();

        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(BrokerSettings.persistentAt(dataDir, 0))) {
            List<ConsumerRecord<String, String>> records =
                    TestClients.readFromStart(second.bootstrapServers(), "kept", 1, 1, "read_uncommitted");

            assertThat(clusterId(second)).isEqualTo(clusterId);
            assertThat(records).extracting(ConsumerRecord::key, ConsumerRecord::value)
                    .containsExactly(tuple("run-1", "first-life"));
        }
    }

    private static String clusterId(EmbeddedKafkaBroker broker) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            return admin.describeCluster().clusterId().get();
        }
    }
}
