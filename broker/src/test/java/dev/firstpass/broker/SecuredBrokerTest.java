package dev.firstpass.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A secured broker: SCRAM users formatted into its metadata, and the StandardAuthorizer enforcing ACLs. */
class SecuredBrokerTest {

    /** A password the text form of {@code kafka-storage format --add-scram} could not carry. */
    private static final String BOB_PASSWORD = "b0b, \"quoted\" \\ secret";
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral()
                .withAutoCreateTopics(false)
                .withScramUser("alice", "alice-secret")
                .withScramUser("bob", BOB_PASSWORD));
        broker.createTopics(Map.of("guarded", 1, "bobs", 1));
        broker.allow("User:alice", topic("guarded"), AclOperation.WRITE, AclOperation.READ);
        // Bob may write somewhere, so his idempotent producer starts; the guarded topic is not among it.
        broker.allow("User:bob", topic("bobs"), AclOperation.WRITE);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void aUserAllowedByAnAclWritesAndReadsWithEitherMechanismAlsoAfterARestart() throws Exception {
        try (KafkaProducer<String, String> alice = producer("SCRAM-SHA-256", "alice", "alice-secret")) {
            alice.send(new ProducerRecord<>("guarded", "k", "before restart")).get(30, TimeUnit.SECONDS);
        }
        broker.restart();
        try (KafkaProducer<String, String> alice = producer("SCRAM-SHA-512", "alice", "alice-secret")) {
            alice.send(new ProducerRecord<>("guarded", "k", "after restart")).get(30, TimeUnit.SECONDS);
        }

        assertThat(read("guarded", "SCRAM-SHA-512", "alice", "alice-secret", 2))
                .containsExactly("before restart", "after restart");
    }

    @Test
    void anAuthenticatedUserWithoutAnAclOnTheTopicIsRefusedThatTopic() throws Exception {
        Throwable refused;
        try (KafkaProducer<String, String> bob = producer("SCRAM-SHA-512", "bob", BOB_PASSWORD)) {
            bob.send(new ProducerRecord<>("bobs", "k", "his own")).get(30, TimeUnit.SECONDS);
            refused = unwrapped(catchThrowable(
                    () -> bob.send(new ProducerRecord<>("guarded", "k", "intruder")).get(30, TimeUnit.SECONDS)));
        }

        assertThat(refused).isInstanceOfSatisfying(TopicAuthorizationException.class,
                e -> assertThat(e.unauthorizedTopics()).containsExactly("guarded"));
    }

    @Test
    void aWrongPasswordFailsAuthentication() {
        Throwable refused;
        try (KafkaProducer<String, String> impostor = producer("SCRAM-SHA-512", "alice", "guessed")) {
            refused = unwrapped(catchThrowable(
                    () -> impostor.send(new ProducerRecord<>("guarded", "k", "forged")).get(30, TimeUnit.SECONDS)));
        }

        assertThat(refused).isInstanceOf(SaslAuthenticationException.class)
                .hasMessageContaining("invalid credentials with SASL mechanism SCRAM-SHA-512");
    }

    private static ResourcePattern topic(String name) {
        return new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL);
    }

    private static Throwable unwrapped(Throwable thrown) {
        return thrown instanceof ExecutionException ? thrown.getCause() : thrown;
    }

    private static Map<String, Object> scram(String mechanism, String user, String password) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", broker.bootstrapServers());
        config.put("security.protocol", "SASL_PLAINTEXT");
        config.put("sasl.mechanism", mechanism);
        config.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password.replace("\\", "\\\\").replace("\"", "\\\"") + "\";");
        return config;
    }

    private static KafkaProducer<String, String> producer(String mechanism, String user, String password) {
        Map<String, Object> config = scram(mechanism, user, password);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        return new KafkaProducer<>(config);
    }

    private static List<String> read(String topic, String mechanism, String user, String password, int expected) {
        Map<String, Object> config = scram(mechanism, user, password);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(record -> values.add(record.value()));
            }
        }
        return values;
    }
}
