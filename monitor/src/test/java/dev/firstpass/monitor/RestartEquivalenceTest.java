package dev.firstpass.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.monitor.query.ExperimentView;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A monitor stopped abruptly mid-stream and replaced by an instance on empty local state ends with the
 * statistics of a monitor that ran through the same records without interruption.
 */
class RestartEquivalenceTest {

    private static final int RUNS = 20;
    private static final int EPOCHS = 30;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aReplacementOnRestoredStateFinishesWithTheStatisticsOfAnUninterruptedRun() throws Exception {
        List<RawRecord> records = SyntheticStream.events(20250207L, RUNS, EPOCHS).stream()
                .map(SyntheticStream::record).toList();
        List<RawRecord> firstHalf = records.subList(0, records.size() / 2);
        List<RawRecord> secondHalf = records.subList(records.size() / 2, records.size());
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral())) {
            Map<String, Integer> topics = new HashMap<>();
            Topics.all().forEach(topic -> topics.put(topic, 1));
            LiveMonitorSettings.topics("restarted").forEach(topic -> topics.put(topic, 1));
            LiveMonitorSettings.topics("steady").forEach(topic -> topics.put(topic, 1));
            kafka.createTopics(topics);
            LiveTopics live = new LiveTopics(kafka);
            String input = LiveMonitorSettings.epochs("restarted");
            live.publish(input, firstHalf);

            MonitorApp interrupted = MonitorApp.start(config(kafka, "restarted", input, "state-a"), Clock.systemUTC());
            int seen = Eventually.await("part of the first half processed", PATIENCE, () -> interrupted.queries()
                    .experiment(SyntheticStream.EXPERIMENT).map(ExperimentView::epochs).filter(n -> n >= RUNS));
            interrupted.closeWithoutWaiting();
            assertThat(seen).isLessThan(records.size());

            try (MonitorApp replacement = MonitorApp.start(config(kafka, "restarted", input, "state-b"),
                    Clock.systemUTC())) {
                live.publish(input, secondHalf);
                try (MonitorApp steady = MonitorApp.start(LiveMonitorSettings.config(kafka, "steady-app", "steady",
                        input, dir.resolve("steady")), Clock.systemUTC())) {
                    ExperimentView restored = analysedWithEveryEpoch(replacement);
                    ExperimentView uninterrupted = analysedWithEveryEpoch(steady);

                    assertThat(restored.runs()).isEqualTo(uninterrupted.runs()).isEqualTo(RUNS);
                    assertThat(uninterrupted.stats()).isNotEmpty();
                    assertThat(restored.stats()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("time")
                            .containsExactlyElementsOf(uninterrupted.stats());
                    Map<String, FptStats> published = latestPublished(live, "restarted", restored);
                    Map<String, FptStats> reference = latestPublished(live, "steady", uninterrupted);
                    assertThat(published.keySet()).isEqualTo(reference.keySet());
                    published.forEach((key, stats) -> assertThat(stats).as(key).usingRecursiveComparison()
                            .ignoringFields("time").isEqualTo(reference.get(key)));
                }
            }
            // Joins the abandoned instance's background shutdown so no thread outlives the broker.
            interrupted.close();
        }
    }

    private MonitorConfig config(EmbeddedKafkaBroker kafka, String name, String input, String stateDir) {
        return LiveMonitorSettings.config(kafka, name + "-app", name, input, dir.resolve(stateDir));
    }

    private static ExperimentView analysedWithEveryEpoch(MonitorApp app) throws InterruptedException {
        return Eventually.await("the experiment analysed with all its epochs", PATIENCE, () -> app.queries()
                .experiment(SyntheticStream.EXPERIMENT)
                .filter(view -> view.epochs() == RUNS * EPOCHS && !view.pending() && !view.stats().isEmpty()));
    }

    private static Map<String, FptStats> latestPublished(LiveTopics live, String name, ExperimentView view)
            throws InterruptedException {
        return Eventually.await(name + " statistics published", PATIENCE, () -> Optional.of(live.latestStats(
                LiveMonitorSettings.stats(name))).filter(stats -> List.copyOf(stats.values()).equals(view.stats())));
    }
}
