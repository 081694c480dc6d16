package dev.firstpass.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.monitor.deadletter.DeadLetterHeaders;
import dev.firstpass.monitor.query.ExperimentView;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten thousand hostile records mixed into a valid stream change nothing the monitor publishes, and
 * every one of them is dead-lettered and counted exactly once.
 */
class HostileInputTest {

    private static final int RUNS = 20;
    private static final int EPOCHS = 30;
    private static final int HOSTILE = 10_000;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void hostileRecordsAreDeadLetteredAndLeaveTheStatisticsOfTheValidStream() throws Exception {
        List<EpochEvent> valid = SyntheticStream.events(20250206L, RUNS, EPOCHS);
        List<RawRecord> mixed = HostileRecords.mixInto(valid, HOSTILE, 7L);
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral())) {
            Map<String, Integer> topics = new HashMap<>();
            Topics.all().forEach(topic -> topics.put(topic, 1));
            LiveMonitorSettings.topics("hostile").forEach(topic -> topics.put(topic, 1));
            LiveMonitorSettings.topics("clean").forEach(topic -> topics.put(topic, 1));
            kafka.createTopics(topics);
            LiveTopics live = new LiveTopics(kafka);
            live.publish(LiveMonitorSettings.epochs("hostile"), mixed);
            live.publish(LiveMonitorSettings.epochs("clean"), valid.stream().map(SyntheticStream::record).toList());

            try (MonitorApp hostile = MonitorApp.start(LiveMonitorSettings.config(kafka, "hostile-app", "hostile",
                    LiveMonitorSettings.epochs("hostile"), dir.resolve("hostile")), Clock.systemUTC());
                    MonitorApp clean = MonitorApp.start(LiveMonitorSettings.config(kafka, "clean-app", "clean",
                            LiveMonitorSettings.epochs("clean"), dir.resolve("clean")), Clock.systemUTC())) {
                ExperimentView underAttack = analysedWithEveryEpoch(hostile);
                ExperimentView reference = analysedWithEveryEpoch(clean);

                assertThat(underAttack.runs()).isEqualTo(RUNS);
                assertThat(reference.stats()).isNotEmpty();
                assertThat(underAttack.stats()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("time")
                        .containsExactlyElementsOf(reference.stats());
                Map<String, FptStats> published = Eventually.await("the hostile monitor's statistics published",
                        PATIENCE, () -> Optional.of(live.latestStats(LiveMonitorSettings.stats("hostile")))
                                .filter(stats -> stats.values().stream().toList().equals(underAttack.stats())));
                Map<String, FptStats> publishedClean = Eventually.await("the clean monitor's statistics published",
                        PATIENCE, () -> Optional.of(live.latestStats(LiveMonitorSettings.stats("clean")))
                                .filter(stats -> stats.values().stream().toList().equals(reference.stats())));
                assertThat(published.keySet()).isEqualTo(publishedClean.keySet());
                published.forEach((key, stats) -> assertThat(stats).as(key).usingRecursiveComparison()
                        .ignoringFields("time").isEqualTo(publishedClean.get(key)));

                // Dead letters are committed with the transaction that consumed them, so wait for them
                // on the topic rather than for the counter, which moves first.
                List<ConsumerRecord<byte[], byte[]>> letters = Eventually.await("every hostile record dead-lettered",
                        PATIENCE, () -> Optional.of(live.all(LiveMonitorSettings.deadLetters("hostile")))
                                .filter(all -> all.size() >= HOSTILE));
                assertThat(letters).hasSize(HOSTILE);
                assertThat(letters).allSatisfy(letter -> assertThat(letter.headers()
                        .lastHeader(DeadLetterHeaders.REASON)).isNotNull());
                assertThat(hostile.dlqCount()).isEqualTo(HOSTILE);
                assertThat(hostile.dlqCounts().values().stream().mapToLong(Long::longValue).sum())
                        .isEqualTo(HOSTILE);
                assertThat(clean.dlqCount()).isZero();
                assertThat(live.all(LiveMonitorSettings.deadLetters("clean"))).isEmpty();
            }
        }
    }

    private static ExperimentView analysedWithEveryEpoch(MonitorApp app) throws InterruptedException {
        return Eventually.await("the experiment analysed with all its epochs", PATIENCE, () -> app.queries()
                .experiment(SyntheticStream.EXPERIMENT)
                .filter(view -> view.epochs() == RUNS * EPOCHS && !view.pending() && !view.stats().isEmpty()));
    }
}
