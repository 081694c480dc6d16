package dev.firstpass.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.core.kafka.KafkaSecurity;
import dev.firstpass.core.kafka.KafkaSecurity.Mechanism;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.core.settings.Secret;
import dev.firstpass.monitor.query.ExperimentView;
import dev.firstpass.monitor.query.QueriesUnavailableException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor on a secured broker, authenticating with SCRAM and allowed exactly what docs/security.md
 * grants the monitor principal: Kafka Streams with exactly-once processing starts, reads the trainers'
 * epochs and publishes statistics.
 */
class SecuredMonitorTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String APPLICATION_ID = MonitorConfig.APPLICATION_ID.defaultValue();
    private static final KafkaSecurity MONITOR =
            KafkaSecurity.scram(Mechanism.SCRAM_SHA_512, "monitor", Secret.of("monitor-secret"));
    private static final KafkaSecurity TRAINER =
            KafkaSecurity.scram(Mechanism.SCRAM_SHA_512, "trainer", Secret.of("trainer-secret"));
    private static final KafkaSecurity SINK =
            KafkaSecurity.scram(Mechanism.SCRAM_SHA_512, "sink", Secret.of("sink-secret"));

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startSecuredKafka() {
        kafka = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral()
                .withAutoCreateTopics(false)
                .withScramUser("monitor", "monitor-secret")
                .withScramUser("trainer", "trainer-secret")
                .withScramUser("sink", "sink-secret"));
        kafka.createTopics(Topics.all().stream().collect(Collectors.toMap(topic -> topic, topic -> 1)));
        List<AclBinding> acls = new ArrayList<>();
        acls.add(allow("User:trainer", ResourceType.TOPIC, Topics.EPOCH_EVENTS, PatternType.LITERAL, AclOperation.WRITE));
        for (String input : List.of(Topics.EPOCH_EVENTS, Topics.ACKS, Topics.RUN_LIFECYCLE)) {
            acls.add(allow("User:monitor", ResourceType.TOPIC, input, PatternType.LITERAL, AclOperation.READ));
        }
        for (String output : List.of(Topics.FPT_STATS, Topics.PLATEAU, Topics.EPOCH_EVENTS_DLQ)) {
            acls.add(allow("User:monitor", ResourceType.TOPIC, output, PatternType.LITERAL, AclOperation.WRITE));
        }
        // Kafka Streams' own topics (changelogs, repartitions) and transactional ids start with the application id.
        for (AclOperation operation : List.of(AclOperation.CREATE, AclOperation.READ, AclOperation.WRITE,
                AclOperation.DELETE)) {
            acls.add(allow("User:monitor", ResourceType.TOPIC, APPLICATION_ID + "-", PatternType.PREFIXED, operation));
        }
        acls.add(allow("User:monitor", ResourceType.GROUP, APPLICATION_ID, PatternType.LITERAL, AclOperation.READ));
        acls.add(allow("User:monitor", ResourceType.TRANSACTIONAL_ID, APPLICATION_ID + "-", PatternType.PREFIXED,
                AclOperation.WRITE));
        acls.add(allow("User:sink", ResourceType.TOPIC, Topics.FPT_STATS, PatternType.LITERAL, AclOperation.READ));
        kafka.createAcls(acls);
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    private static AclBinding allow(String principal, ResourceType type, String name, PatternType pattern,
            AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    @Test
    void theMonitorRunsExactlyOnceWithOnlyItsDocumentedAcls() throws Exception {
        Map<String, String> settings = MonitorHarness.settings(dir.resolve("state"));
        settings.put(MonitorConfig.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
        settings.put(MonitorConfig.APPLICATION_ID.key(), APPLICATION_ID);
        settings.put(MonitorConfig.STATISTICS_INTERVAL.key(), "200ms");
        settings.put("streams.commit.interval.ms", "100");
        settings.put(KafkaSecurity.PROTOCOL, "SASL_PLAINTEXT");
        settings.put(KafkaSecurity.SASL_USERNAME, "monitor");
        settings.put(KafkaSecurity.SASL_PASSWORD, "monitor-secret");

        try (MonitorApp app = MonitorApp.start(new MonitorConfig(settings), Clock.systemUTC())) {
            try (KafkaProducer<String, String> trainer = new KafkaProducer<>(client(TRAINER),
                    new StringSerializer(), new StringSerializer())) {
                trainer.send(epoch("r1", 1, 0.5)).get();
                trainer.send(epoch("r1", 2, 0.85)).get();
                trainer.send(epoch("r2", 1, 0.9)).get();
            }

            ExperimentView view = await("statistics of e1", () -> app.queries().experiment("e1")
                    .filter(v -> v.stats().size() == 1 && v.stats().get(0).runs() == 2));
            assertThat(view.runs()).isEqualTo(2);
            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(statisticsKeys()).contains("e1|baseline|0.8");
        }
    }

    private static Map<String, Object> client(KafkaSecurity security) {
        Map<String, Object> config = new HashMap<>(security.clientProperties());
        config.put("bootstrap.servers", kafka.bootstrapServers());
        return config;
    }

    private static ProducerRecord<String, String> epoch(String run, int epoch, double value) {
        EpochEvent event = new EpochEvent("e1", run, null, epoch, 0, Instant.parse("2025-02-06T12:00:00Z"),
                Map.of("test_acc", value), 0, Map.of());
        return new ProducerRecord<>(Topics.EPOCH_EVENTS, run, ProtocolJson.write(event));
    }

    /** The keys on the statistics topic, read as the sink principal, which may only read that topic. */
    private static List<String> statisticsKeys() {
        Map<String, Object> config = client(SINK);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(Topics.FPT_STATS, 0));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (keys.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> keys.add(record.key()));
            }
        }
        return keys;
    }

    private static <T> T await(String what, Supplier<Optional<T>> probe) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Optional<T> value = probe.get();
                if (value.isPresent()) {
                    return value.get();
                }
            } catch (QueriesUnavailableException notYet) {
                // starting or restoring
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
