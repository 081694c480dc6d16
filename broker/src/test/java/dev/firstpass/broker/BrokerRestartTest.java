package dev.firstpass.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Stopping and starting a broker under clients that stay open, as fault tests do. */
class BrokerRestartTest {

    @Test
    void restartKeepsTopicRecordsAndBootstrapAddressForLiveClients() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral());
             KafkaProducer<String, String> producer = TestClients.idempotentProducer(broker.bootstrapServers())) {
            String before = broker.bootstrapServers();
            broker.createTopics(Map.of("survives.restart", 2));
            producer.send(new ProducerRecord<>("survives.restart", "run-1", "before-restart")).get();

            broker.restart();
            // The producer opened before the restart reconnects on its own to the same address.
            producer.send(new ProducerRecord<>("survives.restart", "run-1", "after-restart")).get();

            List<ConsumerRecord<String, String>> records =
                    TestClients.readFromStart(broker.bootstrapServers(), "survives.restart", 2, 2, "read_uncommitted");
            assertThat(broker.bootstrapServers()).isEqualTo(before);
            assertThat(broker.isRunning()).isTrue();
            assertThat(records).extracting(ConsumerRecord::value).containsExactly("before-restart", "after-restart");
        }
    }

    @Test
    void closeStopsTheBrokerAndDeletesItsEphemeralDataDir() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral());
        Path dataDir = broker.dataDir();
        assertThat(dataDir.resolve("meta.properties")).isRegularFile();

        broker.close();

        assertThat(broker.isRunning()).isFalse();
        assertThat(Files.exists(dataDir)).isFalse();
    }
}
