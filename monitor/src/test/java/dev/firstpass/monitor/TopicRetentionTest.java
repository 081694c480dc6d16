package dev.firstpass.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.core.protocol.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topics the monitor creates get the retention of what they hold, read back from a real broker: its
 * inputs and outputs (with --create-topics) and the changelogs of its stores.
 */
class TopicRetentionTest {

    private static final String DAYS_7 = Long.toString(TimeUnit.DAYS.toMillis(7));
    private static final String DAYS_30 = Long.toString(TimeUnit.DAYS.toMillis(30));

    @TempDir
    Path stateDir;

    @Test
    void createdTopicsAreBoundedByTimeOrCompactedByKey() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral());
                Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Map<String, String> settings = MonitorHarness.settings(stateDir);
            settings.put(MonitorConfig.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
            settings.put(MonitorConfig.APPLICATION_ID.key(), "retention-test");
            settings.put(MonitorConfig.CREATE_TOPICS.key(), "true");
            List<String> changelogs = List.of("retention-test-firstpass-run-state-changelog",
                    "retention-test-firstpass-run-epochs-changelog",
                    "retention-test-firstpass-experiment-state-changelog",
                    "retention-test-firstpass-experiment-runs-changelog",
                    "retention-test-firstpass-fpt-stats-changelog");
            try (MonitorApp app = MonitorApp.start(new MonitorConfig(settings), Clock.systemUTC())) {
                Eventually.await("the changelogs of the monitor's stores", Duration.ofSeconds(60),
                        () -> topicNames(admin).containsAll(changelogs) ? Optional.of(true) : Optional.empty());
            }

            Map<String, List<String>> expected = new HashMap<>();
            expected.put(Topics.EPOCH_EVENTS, List.of("delete", DAYS_30));
            expected.put(Topics.ACKS, List.of("delete", DAYS_30));
            expected.put(Topics.RUN_LIFECYCLE, List.of("delete", DAYS_30));
            expected.put(Topics.EPOCH_EVENTS_DLQ, List.of("delete", DAYS_30));
            expected.put(Topics.PLATEAU, List.of("delete", DAYS_7));
            expected.put(Topics.FPT_STATS, List.of("compact", "604800000"));
            // Kafka Streams leaves a compacted changelog's retention.ms at the broker's default, unused.
            changelogs.forEach(changelog -> expected.put(changelog, List.of("compact", "604800000")));
            assertThat(policies(admin, expected.keySet())).isEqualTo(expected);
        }
    }

    private static Set<String> topicNames(Admin admin) {
        try {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the topics", e);
        }
    }

    /** cleanup.policy and retention.ms of each topic. */
    private static Map<String, List<String>> policies(Admin admin, Set<String> topics) throws Exception {
        List<ConfigResource> resources = topics.stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
        Map<String, List<String>> policies = new HashMap<>();
        configs.forEach((resource, config) -> policies.put(resource.name(),
                List.of(config.get("cleanup.policy").value(), config.get("retention.ms").value())));
        return policies;
    }
}
