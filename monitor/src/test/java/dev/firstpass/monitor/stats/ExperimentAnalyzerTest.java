package dev.firstpass.monitor.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.fpt.analysis.AnalysisSettings;
import dev.firstpass.core.fpt.qss.QssSettings;
import dev.firstpass.core.fpt.trajectory.Direction;
import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.monitor.run.RunSnapshot;
import dev.firstpass.monitor.run.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentAnalyzerTest {

    private static final Instant TIME = Instant.parse("2025-02-06T12:00:00Z");
    private static final ExperimentAnalyzer ANALYZER = ExperimentAnalyzer.firstPassage(new StatsSettings("test_acc",
            Direction.MAX, List.of(Target.atLeast(0.8)), PerturbationKind.SHRINK_PERTURB,
            new AnalysisSettings(new QssSettings(0.05, 3, 3), 20, 0.95, 1L, 0)));

    private static RunSnapshot run(String id, String arm, List<Integer> kicks, Double... values) {
        return new RunSnapshot("e1", id, arm, List.of(values), kicks, RunStatus.RUNNING, null);
    }

    private static List<RunSnapshot> baseline(String arm) {
        List<RunSnapshot> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(run(arm + i, arm.equals("baseline") ? null : arm, List.of(), 0.5, 0.6 + i * 0.1, 0.7));
        }
        return runs;
    }

    private static List<String> reasons(List<FptStats> stats) {
        return stats.stream().map(s -> s.arm() + ": " + s.reason()).toList();
    }

    @Test
    void anArmWhoseRunsWereKickedOnlyOnceIsNotAnalysableYet() {
        List<RunSnapshot> runs = new ArrayList<>(baseline("baseline"));
        runs.add(run("k1", "probe", List.of(2), 0.5, 0.6, 0.7, 0.9, 0.9));
        runs.add(run("k2", "probe", List.of(3), 0.5, 0.6, 0.7, 0.75, 0.9));

        List<FptStats> stats = ANALYZER.analyze("e1", runs, TIME);

        assertThat(reasons(stats)).element(1).isEqualTo("probe: arm 'probe' is not analysable yet: no run has been"
                + " kicked twice, so its period is unknown");
        assertThat(stats.get(1).runs()).isEqualTo(2);
        assertThat(stats.get(1).censored()).isZero();
        assertThat(stats.get(1).survival()).containsExactly(1.0, 1.0, 1.0, 1.0, 0.5, 0.0);
    }

    @Test
    void aKickedArmHasThePeriodOfItsClosestKicksAndEachRunsExactKickEpochs() {
        List<RunSnapshot> runs = List.of(
                run("k1", "probe", List.of(4, 7), 0.5, 0.6, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7),
                run("k2", "probe", List.of(5, 8, 11), 0.5, 0.6, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7),
                run("k3", "probe", List.of(), 0.5, 0.6));

        ArmPlan plan = ArmPlan.of(runs).get(0);

        assertThat(plan.problem()).isNull();
        assertThat(plan.period()).hasValue(3);
        assertThat(plan.kickEpochs()).containsOnlyKeys("k1", "k2", "k3");
        assertThat(plan.kickEpochs().get("k1")).containsExactly(4, 7);
        assertThat(plan.kickEpochs().get("k2")).containsExactly(5, 8, 11);
        assertThat(plan.kickEpochs().get("k3")).isEmpty();
    }

    @Test
    void severalUnperturbedArmsWithoutOneNamedBaselineGiveNoBaseline() {
        List<RunSnapshot> runs = new ArrayList<>(baseline("a"));
        runs.addAll(baseline("b"));
        runs.add(run("k1", "probe", List.of(2), 0.5, 0.6, 0.9));

        assertThat(reasons(ANALYZER.analyze("e1", runs, TIME))).containsExactly(
                "probe: several unperturbed arms (a, b) and none named 'baseline'");
    }

    @Test
    void theArmNamedBaselineIsTheBaselineWhenSeveralAreUnperturbed() {
        List<RunSnapshot> runs = new ArrayList<>(baseline("baseline"));
        runs.addAll(baseline("other"));

        List<FptStats> stats = ANALYZER.analyze("e1", runs, TIME);

        assertThat(stats).extracting(FptStats::arm).containsExactly("baseline");
    }

    @Test
    void onlyKickedArmsMeanNoBaselineYet() {
        List<RunSnapshot> runs = List.of(run("k1", "tau-2", List.of(2), 0.5, 0.6, 0.9));

        assertThat(reasons(ANALYZER.analyze("e1", runs, TIME))).containsExactly(
                "tau-2: no unperturbed arm to serve as the baseline yet (arms: tau-2)");
    }

    @Test
    void aTargetNobodyReachedStillStatesTheQuasiSteadyState() {
        ExperimentAnalyzer analyzer = ExperimentAnalyzer.firstPassage(new StatsSettings("test_acc", Direction.MAX,
                List.of(Target.atLeast(0.95)), PerturbationKind.SHRINK_PERTURB,
                new AnalysisSettings(new QssSettings(0.05, 1, 3), 20, 0.95, 1L, 0)));
        List<RunSnapshot> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(run("b" + i, null, List.of(), 0.5, 0.7, 0.7 + i * 0.01, 0.7 + i * 0.01, 0.7 + i * 0.01));
        }

        FptStats stats = analyzer.analyze("e1", runs, TIME).get(0);

        // The controller starts probing on t_QSS, and the target is what probing is for: it must not wait
        // for a run to reach it unperturbed. Steady from epoch 3 on; no passage there, so h = 0.
        assertThat(stats.reason()).startsWith("unperturbed baseline, no run has reached the target: ");
        assertThat(stats.tQss()).isEqualTo(3);
        assertThat(stats.hazard()).isEqualTo(0.0);
        assertThat(stats.mfpt()).as("never passes").isNull();
        assertThat(stats.mfptIsLowerBound()).isFalse();
        assertThat(stats.censored()).isEqualTo(4);
        assertThat(stats.survival()).containsExactly(1.0, 1.0, 1.0, 1.0, 1.0, 1.0);
    }

    @Test
    void aControllerArmKickedOnceTakesThePeriodItsNameStates() {
        List<RunSnapshot> runs = new ArrayList<>(baseline("baseline"));
        runs.add(run("k1", "probe-2", List.of(2), 0.5, 0.6, 0.7, 0.9, 0.9));
        runs.add(run("k2", "probe-2", List.of(2), 0.5, 0.6, 0.7, 0.75, 0.9));

        List<FptStats> stats = ANALYZER.analyze("e1", runs, TIME);

        assertThat(reasons(stats)).element(1).asString().doesNotContain("period is unknown");
        assertThat(ArmPlan.periodInName("probe-20")).hasValue(20);
        assertThat(ArmPlan.periodInName("exploit-8")).hasValue(8);
        assertThat(ArmPlan.periodInName("lr-0001")).isEmpty();
        assertThat(ArmPlan.periodInName("probe-0")).isEmpty();
    }

    @Test
    void runsWithoutAContiguousEpochAreLeftOut() {
        assertThat(ANALYZER.analyze("e1", List.of(run("r1", null, List.of())), TIME)).isEmpty();
    }

    @Test
    void runsOfAnArmAreInTheOrderFirstpassAnalyzeReadsThemSoTheBootstrapDrawsTheSame() {
        List<RunSnapshot> runs = List.of(run("seed-10", null, List.of(), 0.5), run("seed-2", null, List.of(), 0.5),
                run("seed-1", null, List.of(), 0.5), run("seed-01", null, List.of(), 0.5),
                run("alpha", null, List.of(), 0.5));

        assertThat(ArmPlan.of(runs).get(0).runs()).extracting(run -> run.runId())
                .containsExactly("alpha", "seed-01", "seed-1", "seed-2", "seed-10");
    }
}
