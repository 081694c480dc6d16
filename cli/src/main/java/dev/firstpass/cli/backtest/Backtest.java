package dev.firstpass.cli.backtest;

import dev.firstpass.controller.policy.PolicySettings;
import dev.firstpass.core.fpt.analysis.AnalysisSettings;
import dev.firstpass.core.fpt.analysis.ProgressListener;
import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.monitor.stats.ExperimentAnalyzer;
import dev.firstpass.monitor.stats.StatsSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Replays FirstPass's policy and the classic searches on a recorded grid, target by target and seed by
 * seed, each seed giving every strategy the same sequence of recorded runs per arm.
 *
 * @param grid the recorded grid
 * @param fleet the fleet; its seed is the first seed
 * @param seeds how many seeds
 * @param policy the controller's policy settings (its target is replaced by each target's)
 * @param analysis the monitor's analysis settings
 * @param kind the perturbation the grid's arms received
 * @param statsEvery the monitor's statistics interval, in epochs of the fleet's clock
 * @param gridRunsPerArm runs per arm of the uniform grid
 * @param halvingFirstRuns runs per arm of successive halving's first round
 */
record Backtest(RecordedGrid grid, FleetSettings fleet, int seeds, PolicySettings policy, AnalysisSettings analysis,
        PerturbationKind kind, int statsEvery, int gridRunsPerArm, int halvingFirstRuns) {

    Backtest {
        if (seeds < 1) {
            throw new IllegalArgumentException("a backtest needs at least 1 seed: " + seeds);
        }
        if (statsEvery < 1) {
            throw new IllegalArgumentException("the statistics interval must be at least 1 epoch: " + statsEvery);
        }
    }

    TargetBacktest run(Target target, ProgressListener progress) {
        Map<Integer, RecordedGrid.Measured> truth = grid.truth(target);
        // Not kicking is a choice too: where no arm beats the baseline, the best fixed period is none.
        int best = truth.keySet().stream().min(Comparator.comparingDouble(p -> truth.get(p).mfpt())).orElseThrow();
        double bestMfpt = truth.get(best).mfpt();
        List<Supplier<Strategy>> strategies = List.of(
                () -> firstPass(target),
                () -> ArmSearch.uniformGrid(grid.periods(), gridRunsPerArm),
                () -> ArmSearch.successiveHalving(grid.periods(), halvingFirstRuns),
                () -> FixedPeriod.oracle(best),
                FixedPeriod::allBaseline);
        List<List<FleetOutcome>> outcomes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Supplier<Strategy> strategy : strategies) {
            outcomes.add(new ArrayList<>());
            names.add(strategy.get().name());
        }
        String stage = "backtest " + target;
        for (int s = 0; s < seeds; s++) {
            Fleet trained = new Fleet(grid, target, fleet, fleet.seed() + s);
            for (int i = 0; i < strategies.size(); i++) {
                outcomes.get(i).add(trained.train(strategies.get(i).get()));
            }
            progress.update(stage, s + 1, seeds);
        }
        List<StrategySummary> summaries = new ArrayList<>();
        for (int i = 0; i < strategies.size(); i++) {
            summaries.add(StrategySummary.of(names.get(i), outcomes.get(i), truth, bestMfpt));
        }
        return new TargetBacktest(target, truth, best, summaries);
    }

    private Strategy firstPass(Target target) {
        PolicySettings forTarget = new PolicySettings(target.threshold(), policy.kind(), policy.params(),
                policy.mode(), policy.leadEpochs(), policy.minRuns(), policy.baselineRuns(), policy.probeShare(),
                policy.probePeriod(), policy.probeMinPeriod(), policy.probePeriodStep(), policy.holdoutShare(),
                policy.maxKicksPerRun(), policy.hysteresis(), policy.dryRun(), policy.seed(), policy.refineProbes(),
                grid.periods(), true);
        StatsSettings stats = new StatsSettings(grid.metric(), target.direction(), List.of(target), kind, analysis);
        int maxEpochs = grid.baseline().stream().mapToInt(run -> run.epochs()).max().orElseThrow();
        return new FirstPassStrategy(forTarget, ExperimentAnalyzer.firstPassage(stats), grid.metric(), statsEvery,
                maxEpochs);
    }
}
