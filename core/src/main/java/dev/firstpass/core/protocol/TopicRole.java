package dev.firstpass.core.protocol;

import java.time.Duration;
import java.util.Map;

/**
 * What each kind of FirstPass topic holds, and how long Kafka keeps it: compaction where only the latest
 * record per key matters, a retention time where records are history that is read once and then only
 * while a consumer catches up. Every place that creates topics takes their configuration from here, so a
 * long-running deployment keeps its topics bounded by time or by key (docs/topics.md).
 */
public enum TopicRole {

    /** Epoch events: a run's history, kept long enough that a new monitor reading from the start sees it. */
    EPOCH_EVENTS(deleteAfter(Duration.ofDays(30))),
    /** Run starts and ends, read together with the epoch events (a start names the arm, so no compaction). */
    RUN_LIFECYCLE(deleteAfter(Duration.ofDays(30))),
    /** Acks of commands: the kicks of a run's history, kept as long as its epoch events. */
    ACKS(deleteAfter(Duration.ofDays(30))),
    /** Commands to trainers: acted on within seconds, kept a week for a trainer that was paused. */
    COMMANDS(deleteAfter(Duration.ofDays(7))),
    /** The controller's audit trail of decisions, read back at its start: kept longest. */
    DECISIONS(deleteAfter(Duration.ofDays(90))),
    /** First-passage statistics, republished whole per experiment, arm and target: the latest wins. */
    FPT_STATS(compacted()),
    /** Plateau events: notifications of a moment, kept a week. */
    PLATEAU(deleteAfter(Duration.ofDays(7))),
    /** Records that could not be read, with the reason: kept as long as the inputs they came from. */
    DEAD_LETTERS(deleteAfter(Duration.ofDays(30))),
    /**
     * The changelogs of the monitor's stores: the latest value per key restores a store, so compacted;
     * never deleted by time, which would restore a run with some of its epochs missing.
     */
    CHANGELOG(compacted());

    private static final String CLEANUP_POLICY = "cleanup.policy";
    private static final String RETENTION_MS = "retention.ms";

    private final Map<String, String> configs;

    TopicRole(Map<String, String> configs) {
        this.configs = configs;
    }

    /** The topic configuration to create a topic of this role with (cleanup.policy, retention.ms). */
    public Map<String, String> configs() {
        return configs;
    }

    /**
     * The role of the topic with default name {@code topic} (one of {@link Topics#all()}).
     *
     * @throws IllegalArgumentException when {@code topic} is not a default FirstPass topic name
     */
    public static TopicRole ofDefaultTopic(String topic) {
        return switch (topic) {
            case Topics.EPOCH_EVENTS -> EPOCH_EVENTS;
            case Topics.RUN_LIFECYCLE -> RUN_LIFECYCLE;
            case Topics.ACKS -> ACKS;
            case Topics.COMMANDS -> COMMANDS;
            case Topics.DECISIONS -> DECISIONS;
            case Topics.FPT_STATS -> FPT_STATS;
            case Topics.PLATEAU -> PLATEAU;
            case Topics.EPOCH_EVENTS_DLQ -> DEAD_LETTERS;
            default -> throw new IllegalArgumentException("topic must be one of the default FirstPass topics "
                    + Topics.all() + ": '" + topic + "'");
        };
    }

    private static Map<String, String> deleteAfter(Duration retention) {
        return Map.of(CLEANUP_POLICY, "delete", RETENTION_MS, Long.toString(retention.toMillis()));
    }

    private static Map<String, String> compacted() {
        return Map.of(CLEANUP_POLICY, "compact");
    }
}
