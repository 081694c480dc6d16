package dev.firstpass.monitor.stats;

import dev.firstpass.core.fpt.qss.EnsembleQss;
import dev.firstpass.core.fpt.trajectory.Passage;
import dev.firstpass.core.fpt.analysis.AnalysisSettings;
import dev.firstpass.core.fpt.analysis.Arm;
import dev.firstpass.core.fpt.analysis.ExperimentInput;
import dev.firstpass.core.fpt.analysis.ExperimentReport;
import dev.firstpass.core.fpt.analysis.FirstPassageAnalysis;
import dev.firstpass.core.fpt.analysis.ProgressListener;
import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.monitor.run.RunSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ExperimentAnalyzer} on top of {@link FirstPassageAnalysis}: plans the arms, runs the shared
 * analysis once per probe arm and target, and reports whatever cannot be analysed yet as a reason.
 *
 * <p>Each target is analysed on its own with seed {@code seed + i}, exactly what one offline call with
 * all targets does for target i, so that a target nobody has reached yet does not hide the others.
 */
final class FirstPassageStats implements ExperimentAnalyzer {

    private static final Logger LOG = LoggerFactory.getLogger(FirstPassageStats.class);

    private final StatsSettings settings;

    FirstPassageStats(StatsSettings settings) {
        this.settings = settings;
    }

    @Override
    public List<FptStats> analyze(String experiment, Collection<RunSnapshot> runs, Instant time) {
        List<ArmPlan> arms = ArmPlan.of(runs);
        if (arms.isEmpty()) {
            return List.of();
        }
        StatsMapping mapping = new StatsMapping(experiment, settings, time);
        List<ArmPlan> unkicked = arms.stream().filter(arm -> !arm.kicked()).toList();
        List<ArmPlan> kicked = arms.stream().filter(ArmPlan::kicked).toList();
        ArmPlan baseline = baseline(unkicked);
        String baselineProblem = baselineProblem(arms, unkicked, baseline);
        List<FptStats> stats = new ArrayList<>();
        if (baseline != null) {
            for (int i = 0; i < settings.targets().size(); i++) {
                stats.add(baselineStats(mapping, baseline, kicked, i, baselineProblem));
            }
        }
        for (ArmPlan probe : kicked) {
            for (int i = 0; i < settings.targets().size(); i++) {
                stats.add(probeStats(mapping, baseline, baselineProblem, probe, kicked, i));
            }
        }
        return stats;
    }

    private static ArmPlan baseline(List<ArmPlan> unkicked) {
        if (unkicked.size() == 1) {
            return unkicked.get(0);
        }
        return unkicked.stream().filter(arm -> arm.name().equals(ArmPlan.DEFAULT_ARM)).findFirst().orElse(null);
    }

    private String baselineProblem(List<ArmPlan> arms, List<ArmPlan> unkicked, ArmPlan baseline) {
        if (unkicked.isEmpty()) {
            return "no unperturbed arm to serve as the baseline yet (arms: " + names(arms) + ")";
        }
        if (baseline == null) {
            return "several unperturbed arms (" + names(unkicked) + ") and none named '" + ArmPlan.DEFAULT_ARM + "'";
        }
        int minRuns = settings.analysis().qss().minRuns();
        if (baseline.runs().size() < minRuns) {
            return "waiting for at least " + minRuns + " baseline runs (have " + baseline.runs().size() + ")";
        }
        return null;
    }

    private FptStats baselineStats(StatsMapping mapping, ArmPlan baseline, List<ArmPlan> kicked, int index,
            String problem) {
        Target target = settings.targets().get(index);
        if (problem != null) {
            return mapping.observedOnly(baseline.name(), baseline.runs(), target, problem);
        }
        // The baseline's statistics do not depend on the perturbation, the probe or the resamples (no
        // interval of them is published), so the cheapest valid input is used: the baseline with no
        // probe. The kicked arms come along as comparisons only because the analysis asks that some run
        // of the experiment reach the target, as it does offline: a target only kicked runs reach
        // still has a baseline (one that never passes).
        List<Arm> comparisons = kicked.stream().filter(arm -> arm.problem() == null)
                .map(FirstPassageStats::kickedArm).toList();
        ExperimentInput input = new ExperimentInput(settings.metric(), settings.direction(),
                PerturbationKind.FULL_RESET, Arm.unperturbed(baseline.name(), baseline.runs()), Optional.empty(),
                comparisons);
        if (input.allArms().stream().flatMap(arm -> arm.runs().stream())
                .noneMatch(run -> Passage.of(run, target).reached())) {
            // Nobody reached the target yet; the quasi-steady state does not depend on the target, and the
            // controller needs it to start probing, which is how a target only kicked runs reach is found.
            return mapping.unreached(baseline.name(), baseline.runs(), target,
                    EnsembleQss.detect(baseline.runs(), settings.analysis().qss()));
        }
        try {
            ExperimentReport report = analyze(input, index, 0, target);
            return mapping.baseline(report);
        } catch (RuntimeException e) {
            return mapping.observedOnly(baseline.name(), baseline.runs(), target, reason(e));
        }
    }

    private FptStats probeStats(StatsMapping mapping, ArmPlan baseline, String baselineProblem, ArmPlan probe,
            List<ArmPlan> kicked, int index) {
        Target target = settings.targets().get(index);
        // Without a baseline nothing can be analysed, whatever the probe's state; saying so comes first.
        String problem = baselineProblem != null ? baselineProblem : probe.problem();
        if (problem != null) {
            return mapping.observedOnly(probe.name(), probe.runs(), target, problem);
        }
        List<Arm> comparisons = kicked.stream().filter(arm -> arm != probe && arm.problem() == null)
                .map(FirstPassageStats::kickedArm).toList();
        try {
            ExperimentInput input = new ExperimentInput(settings.metric(), settings.direction(), settings.kind(),
                    Arm.unperturbed(baseline.name(), baseline.runs()), Optional.of(kickedArm(probe)), comparisons);
            ExperimentReport report = analyze(input, index, settings.analysis().bootstrapResamples(), target);
            return mapping.probe(report, probe.name());
        } catch (RuntimeException e) {
            return mapping.observedOnly(probe.name(), probe.runs(), target, reason(e));
        }
    }

    private ExperimentReport analyze(ExperimentInput input, int index, int resamples, Target target) {
        AnalysisSettings base = settings.analysis();
        AnalysisSettings forTarget = new AnalysisSettings(base.qss(), resamples, base.confidence(),
                base.seed() + index, base.tauMax());
        return FirstPassageAnalysis.analyze(input, List.of(target), forTarget, ProgressListener.SILENT);
    }

    private static Arm kickedArm(ArmPlan plan) {
        return Arm.kickedAt(plan.period().getAsInt(), plan.name(), plan.runs(), plan.kickEpochs());
    }

    // The analysis refuses data it cannot use with an IllegalArgumentException that says why; that is
    // expected while an experiment fills up. Anything else is a fault worth a warning.
    private static String reason(RuntimeException e) {
        if (e instanceof IllegalArgumentException) {
            LOG.debug("not analysable yet: {}", e.getMessage());
            return "not analysed: " + e.getMessage();
        }
        LOG.warn("analysis failed", e);
        return "analysis failed: " + e;
    }

    private static String names(List<ArmPlan> arms) {
        return String.join(", ", arms.stream().map(ArmPlan::name).toList());
    }
}
