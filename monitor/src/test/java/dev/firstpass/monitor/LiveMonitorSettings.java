package dev.firstpass.monitor;

import dev.firstpass.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings for a monitor against a live broker that reads and writes its own topics, so several
 * monitors can run side by side on one broker without seeing each other's records.
 */
final class LiveMonitorSettings {

    private LiveMonitorSettings() {
    }

    /** The topics of the monitor named {@code name}: epochs, dead letters, statistics, plateau. */
    static List<String> topics(String name) {
        return List.of(epochs(name), deadLetters(name), stats(name), name + ".plateau");
    }

    static String epochs(String name) {
        return name + ".epochs";
    }

    static String deadLetters(String name) {
        return name + ".dlq";
    }

    static String stats(String name) {
        return name + ".stats";
    }

    /**
     * The monitor named {@code name}, reading {@code epochTopic}; statistics every 300 ms with few
     * resamples keep the analysis cheap, and the fixed seed of the shared analysis keeps it repeatable.
     */
    static MonitorConfig config(EmbeddedKafkaBroker kafka, String applicationId, String name, String epochTopic,
            Path stateDir) {
        Map<String, String> settings = new HashMap<>();
        settings.put(MonitorConfig.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
        settings.put(MonitorConfig.APPLICATION_ID.key(), applicationId);
        settings.put(MonitorConfig.STATE_DIR.key(), stateDir.toString());
        settings.put(MonitorConfig.METRIC.key(), SyntheticStream.METRIC);
        settings.put(MonitorConfig.TARGETS.key(), Double.toString(SyntheticStream.TARGET));
        settings.put(MonitorConfig.BOOTSTRAP_RESAMPLES.key(), "20");
        settings.put(MonitorConfig.STATISTICS_INTERVAL.key(), "300ms");
        settings.put(MonitorConfig.TOPIC_EPOCHS.key(), epochTopic);
        settings.put(MonitorConfig.TOPIC_DLQ.key(), deadLetters(name));
        settings.put(MonitorConfig.TOPIC_FPT_STATS.key(), stats(name));
        settings.put(MonitorConfig.TOPIC_PLATEAU.key(), name + ".plateau");
        settings.put("streams.commit.interval.ms", "100");
        settings.put("streams.max.request.size", "4194304");
        settings.put("streams.max.partition.fetch.bytes", "4194304");
        return new MonitorConfig(settings);
    }
}
