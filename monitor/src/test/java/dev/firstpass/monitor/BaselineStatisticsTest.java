package dev.firstpass.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.monitor.run.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineStatisticsTest {

    private static final Comparator<Double> CLOSE = (a, b) -> Math.abs(a - b) <= 1e-12 ? 0 : Double.compare(a, b);

    @TempDir
    Path stateDir;

    private static FptStats baseline(int runs, int censored, List<Double> survival, double mfpt, String reason,
            java.time.Instant time) {
        return new FptStats("e1", "baseline", "test_acc", 0.8, "max", runs, censored, survival, null, null, mfpt,
                false, true, null, null, null, List.of(), null, null, null, false, reason, time);
    }

    @Test
    void baselineSurvivalIsTheKaplanMeierEstimateWithFinishedAndStalledRunsCensored() {
        try (MonitorHarness monitor = MonitorHarness.start(MonitorHarness.settings(stateDir))) {
            monitor.run("r5", null, 0.7, 0.79);
            monitor.advance(Duration.ofMinutes(10).plusSeconds(5));
            assertThat(monitor.runState("r5").status()).isEqualTo(RunStatus.STALLED);
            monitor.publishedStats();

            monitor.run("r1", null, 0.5, 0.7, 0.85);
            monitor.run("r2", null, 0.9);
            monitor.run("r3", null, 0.6, 0.82);
            monitor.run("r4", null, 0.5, 0.6, 0.7, 0.75);
            monitor.finished("r4", 4);
            monitor.run("r6", null, 0.4, 0.5, 0.6, 0.81);
            monitor.run("r7", null, 0.3, 0.85);
            monitor.run("r8", null, 0.2, 0.3, 0.4, 0.5, 0.6);
            monitor.finished("r8", 5);
            monitor.tick();

            // Kaplan-Meier by hand. Passages: r2 at 1; r3, r7 at 2; r1 at 3; r6 at 4. Censored: r5 at 2
            // (stalled), r4 at 4 and r8 at 5 (finished).
            // S(1) = 7/8; S(2) = 7/8 * 5/7 = 0.625 (r5 then leaves); S(3) = 0.625 * 3/4 = 0.46875;
            // S(4) = 0.46875 * 2/3 = 0.3125 (r4 then leaves); S(5) = 0.3125 (r8 at risk, not passing).
            // No QSS with runs this short, so the mean is only the lower bound sum of S(0..5) = 3.59375.
            Map<String, FptStats> published = monitor.publishedStats();
            assertThat(published).containsOnlyKeys("e1|baseline|0.8");
            assertThat(published.get("e1|baseline|0.8")).usingRecursiveComparison()
                    .withComparatorForType(CLOSE, Double.class)
                    .isEqualTo(baseline(8, 3, List.of(1.0, 0.875, 0.625, 0.46875, 0.3125, 0.3125), 3.59375,
                            "unperturbed baseline: the ensemble never stayed steady for 10 epochs before fewer"
                                    + " than 4 runs reached epoch 11", monitor.clock.instant()));
        }
    }

    @Test
    void tooFewBaselineRunsStillPublishSurvivalAndSayWhatIsMissing() {
        try (MonitorHarness monitor = MonitorHarness.start(MonitorHarness.settings(stateDir))) {
            monitor.run("r1", null, 0.5, 0.85);
            monitor.run("r2", null, 0.5, 0.6, 0.7);
            monitor.run("r3", null, 0.9);
            monitor.run("k1", "tau-1", 0.5, 0.6);
            monitor.kicked("k1", 1);
            monitor.tick();

            // S(1) = 2/3 (r3 passes), S(2) = 1/3 (r1 passes), S(3) = 1/3 (r2 censored at 3).
            Map<String, FptStats> published = monitor.publishedStats();
            assertThat(published).containsOnlyKeys("e1|baseline|0.8", "e1|tau-1|0.8");
            FptStats baseline = published.get("e1|baseline|0.8");
            assertThat(baseline.survival()).usingElementComparator(CLOSE).containsExactly(1.0, 2 / 3.0, 1 / 3.0, 1 / 3.0);
            assertThat(baseline.tQss()).isNull();
            assertThat(baseline.mfpt()).isCloseTo(1 + 2 / 3.0 + 1 / 3.0 + 1 / 3.0, within(1e-12));
            assertThat(baseline.mfptIsLowerBound()).isTrue();
            assertThat(baseline.reason()).isEqualTo("waiting for at least 4 baseline runs (have 3)");
            FptStats probe = published.get("e1|tau-1|0.8");
            assertThat(probe.runs()).isEqualTo(1);
            assertThat(probe.censored()).isEqualTo(1);
            assertThat(probe.predictions()).isEmpty();
            assertThat(probe.reason()).isEqualTo("waiting for at least 4 baseline runs (have 3)");
        }
    }

    @Test
    void anExperimentIsAnalysedOnlyAfterItChanged() {
        try (MonitorHarness monitor = MonitorHarness.start(MonitorHarness.settings(stateDir))) {
            monitor.run("r1", null, 0.5, 0.85);
            monitor.tick();
            assertThat(monitor.publishedStats()).containsOnlyKeys("e1|baseline|0.8");

            monitor.tick();
            assertThat(monitor.publishedStats()).isEmpty();

            monitor.run("r2", null, 0.9);
            monitor.tick();
            assertThat(monitor.publishedStats().get("e1|baseline|0.8").runs()).isEqualTo(2);
        }
    }
}
