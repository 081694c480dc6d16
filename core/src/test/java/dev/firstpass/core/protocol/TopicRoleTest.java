package dev.firstpass.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicRoleTest {

    @Test
    void historyIsKeptForAWhileAndLatestWinsTopicsAreCompacted() {
        assertThat(TopicRole.ofDefaultTopic(Topics.EPOCH_EVENTS).configs())
                .isEqualTo(Map.of("cleanup.policy", "delete", "retention.ms", "2592000000"));
        assertThat(TopicRole.ofDefaultTopic(Topics.COMMANDS).configs())
                .isEqualTo(Map.of("cleanup.policy", "delete", "retention.ms", "604800000"));
        assertThat(TopicRole.ofDefaultTopic(Topics.DECISIONS).configs())
                .isEqualTo(Map.of("cleanup.policy", "delete", "retention.ms", "7776000000"));
        assertThat(TopicRole.ofDefaultTopic(Topics.FPT_STATS).configs()).isEqualTo(Map.of("cleanup.policy", "compact"));
        assertThat(TopicRole.CHANGELOG.configs()).isEqualTo(Map.of("cleanup.policy", "compact"));
    }

    @Test
    void everyDefaultTopicHasARole() {
        assertThat(Topics.all()).map(TopicRole::ofDefaultTopic).doesNotHaveDuplicates().hasSize(Topics.all().size())
                .doesNotContain(TopicRole.CHANGELOG);
    }

    @Test
    void anUnknownTopicIsRefusedByName() {
        assertThatThrownBy(() -> TopicRole.ofDefaultTopic("team.metrics"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("topic must be one of the default FirstPass topics [training.metrics.epoch,"
                        + " training.metrics.epoch.dlq, training.runs.lifecycle, training.control.commands,"
                        + " training.control.acks, training.control.decisions, training.monitor.fpt_stats,"
                        + " training.monitor.plateau]: 'team.metrics'");
    }
}
