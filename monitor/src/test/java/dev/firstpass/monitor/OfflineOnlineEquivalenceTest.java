package dev.firstpass.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.fpt.analysis.AnalysisSettings;
import dev.firstpass.core.fpt.analysis.Arm;
import dev.firstpass.core.fpt.analysis.ExperimentInput;
import dev.firstpass.core.fpt.analysis.ExperimentReport;
import dev.firstpass.core.fpt.analysis.FirstPassageAnalysis;
import dev.firstpass.core.fpt.analysis.ProgressListener;
import dev.firstpass.core.fpt.analysis.TargetReport;
import dev.firstpass.core.fpt.qss.QssSettings;
import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.fpt.trajectory.Trajectory;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.PerturbationKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replaying an experiment through the monitor publishes exactly what the offline analysis computes
 * from the same runs.
 */
class OfflineOnlineEquivalenceTest {

    private static final int RUNS_PER_ARM = 30;
    private static final int EPOCHS = 60;
    private static final int PERIOD = 10;
    private static final List<Target> TARGETS = List.of(Target.atLeast(0.75), Target.atLeast(0.78));

    @TempDir
    Path stateDir;

    /**
     * A run relaxes towards a plateau level drawn in [0.6, 0.8) with time constant 2 epochs, plus noise
     * of 0.01; a kick after epoch k * 10 drops it to 70% and draws a fresh level, so kicks help runs
     * stuck on a low plateau.
     */
    static double[] run(Random random, boolean kicked) {
        double[] values = new double[EPOCHS];
        double level = 0.6 + 0.2 * random.nextDouble();
        double from = 0.1;
        int since = 0;
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            double clean = level - (level - from) * Math.exp(-(epoch - since) / 2.0);
            values[epoch - 1] = clean + 0.01 * random.nextGaussian();
            if (kicked && epoch % PERIOD == 0) {
                from = 0.7 * clean;
                level = 0.6 + 0.2 * random.nextDouble();
                since = epoch;
            }
        }
        return values;
    }

    @Test
    void publishedStatisticsEqualTheOfflineAnalysisFieldByField() {
        Random random = new Random(20250206L);
        List<Trajectory> baselineRuns = new ArrayList<>();
        List<Trajectory> kickedRuns = new ArrayList<>();
        Map<String, String> settings = MonitorHarness.settings(stateDir);
        settings.put(MonitorConfig.TARGETS.key(), "0.75, 0.78");
        try (MonitorHarness monitor = MonitorHarness.start(settings)) {
            for (int i = 0; i < RUNS_PER_ARM; i++) {
                String baselineId = String.format("b%02d", i);
                String kickedId = String.format("k%02d", i);
                double[] baseline = run(random, false);
                double[] kicked = run(random, true);
                baselineRuns.add(Trajectory.ofEpochValues(baselineId, baseline));
                kickedRuns.add(Trajectory.ofEpochValues(kickedId, kicked));
                monitor.run(baselineId, "baseline", baseline);
                monitor.run(kickedId, "tau-10", kicked);
                for (int kick = PERIOD; kick < EPOCHS; kick += PERIOD) {
                    monitor.kicked(kickedId, kick);
                }
            }
            monitor.tick();
            Map<String, FptStats> published = monitor.publishedStats();

            ExperimentInput input = new ExperimentInput("test_acc", TARGETS.get(0).direction(),
                    PerturbationKind.SHRINK_PERTURB, Arm.unperturbed("baseline", baselineRuns),
                    Optional.of(Arm.kickedEvery(PERIOD, "tau-10", kickedRuns)), List.of());
            AnalysisSettings analysis = new AnalysisSettings(QssSettings.defaults(), 200,
                    AnalysisSettings.DEFAULT_CONFIDENCE, AnalysisSettings.DEFAULT_SEED, 0);
            ExperimentReport offline = FirstPassageAnalysis.analyze(input, TARGETS, analysis, ProgressListener.SILENT);

            assertThat(published).containsOnlyKeys("e1|baseline|0.75", "e1|baseline|0.78", "e1|tau-10|0.75",
                    "e1|tau-10|0.78");
            for (int i = 0; i < TARGETS.size(); i++) {
                TargetReport report = offline.targets().get(i);
                double threshold = TARGETS.get(i).threshold();
                OfflineExpectations.baseline(published.get("e1|baseline|" + threshold), offline, report, "baseline");
                OfflineExpectations.probe(published.get("e1|tau-10|" + threshold), offline, report, "tau-10");
            }
            // The synthetic process has what the theory needs, so every part of the record is exercised:
            // t_QSS = 6, t_rel = 6, valid predictions, tau* with an interval, and a recommendation (at 0.75;
            // at 0.78 the baseline's rare late passages leave the intervals overlapping).
            FptStats probe = published.get("e1|tau-10|0.75");
            assertThat(probe.tQss()).isEqualTo(6);
            assertThat(probe.tRel()).isEqualTo(6);
            assertThat(probe.predictions()).hasSize(EPOCHS).anyMatch(FptStats.Prediction::valid);
            assertThat(probe.tauStar()).isNotNull();
            assertThat(probe.recommend()).isTrue();
        }
    }
}
