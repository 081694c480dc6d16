package dev.firstpass.monitor.stats;

import dev.firstpass.core.fpt.qss.EnsembleQss;
import dev.firstpass.core.fpt.analysis.ArmObservation;
import dev.firstpass.core.fpt.analysis.BaselineSummary;
import dev.firstpass.core.fpt.analysis.ExperimentReport;
import dev.firstpass.core.fpt.analysis.Interval;
import dev.firstpass.core.fpt.analysis.PredictionPoint;
import dev.firstpass.core.fpt.analysis.TargetReport;
import dev.firstpass.core.fpt.qss.Relaxation;
import dev.firstpass.core.fpt.survival.KaplanMeier;
import dev.firstpass.core.fpt.survival.Moments;
import dev.firstpass.core.fpt.survival.SurvivalCurve;
import dev.firstpass.core.fpt.survival.SurvivalFunction;
import dev.firstpass.core.fpt.trajectory.Passage;
import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.fpt.trajectory.Trajectory;
import dev.firstpass.core.protocol.FptStats;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * Writes analysis results as {@link FptStats}. Non-finite numbers become null (unknown or unbounded).
 *
 * <p>A probe arm's record describes the arm's own runs (runs, censored, survival, the measured MFPT,
 * a lower bound while some runs are censored) next to what the predictions rest on: the baseline's
 * t_QSS, hazard and CV, and the arm's t_rel. The interval of tau* is widened to whole epochs.
 */
final class StatsMapping {

    private final String experiment;
    private final StatsSettings settings;
    private final Instant time;

    StatsMapping(String experiment, StatsSettings settings, Instant time) {
        this.experiment = experiment;
        this.settings = settings;
        this.time = time;
    }

    FptStats baseline(ExperimentReport report) {
        TargetReport target = report.targets().get(0);
        BaselineSummary b = target.baseline();
        return new FptStats(experiment, report.input().baseline().name(), settings.metric(),
                target.target().threshold(), settings.direction().label(), b.runs(), b.censored(),
                list(b.survival()), integer(b.tQss()), finite(b.hazard()), finite(b.mfpt()), b.mfptExtrapolated(),
                b.mfptIsLowerBound(), finite(b.cv()), null, null, List.of(), null, null, null, false,
                "unperturbed baseline: " + report.qss().explanation(), time);
    }

    FptStats probe(ExperimentReport report, String arm) {
        TargetReport target = report.targets().get(0);
        BaselineSummary b = target.baseline();
        ArmObservation observed = target.arms().stream().filter(a -> a.name().equals(arm)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the report does not observe arm '" + arm + "'"));
        List<FptStats.Prediction> predictions = target.predictions().stream().map(StatsMapping::prediction).toList();
        Interval tauStar = target.bestTauInterval();
        return new FptStats(experiment, arm, settings.metric(), target.target().threshold(),
                settings.direction().label(), observed.runs(), observed.censored(), list(observed.survival()),
                integer(b.tQss()), finite(b.hazard()), finite(observed.observedMfpt()), false,
                observed.observedIsLowerBound(), finite(b.cv()),
                relaxationTime(report), integer(target.tauMin()), predictions,
                integer(target.bestTau()), floor(tauStar.low()), ceil(tauStar.high()), target.recommend(),
                target.reason(), time);
    }

    /**
     * t_rel once enough post-kick periods were observed to test it (the period itself when the probe was still
     * relaxing as the next kick came); null before, when the test had nothing to say.
     */
    private Integer relaxationTime(ExperimentReport report) {
        return report.relaxation().filter(r -> r.periods() >= settings.analysis().qss().minPeriods())
                .map(Relaxation::tRel).orElse(null);
    }

    /** What can be said of an arm without the full analysis: its survival and measured MFPT. */
    FptStats observedOnly(String arm, List<Trajectory> runs, Target target, String reason) {
        List<Passage> passages = runs.stream().map(run -> Passage.of(run, target)).toList();
        int censored = (int) passages.stream().filter(Passage::censored).count();
        SurvivalCurve curve = KaplanMeier.estimate(passages);
        Moments moments = Moments.of(SurvivalFunction.observedOnly(curve));
        return new FptStats(experiment, arm, settings.metric(), target.threshold(), settings.direction().label(),
                runs.size(), censored, list(curve), null, null, finite(moments.mean()), moments.extrapolated(),
                moments.lowerBound(), finite(moments.cv()), null, null, List.of(), null, null, null, false, reason,
                time);
    }

    /**
     * An unperturbed arm no run of which reached the target: its quasi-steady state, and, once there is one,
     * a hazard of 0 and no finite MFPT (never passes, as far as anyone has seen).
     */
    FptStats unreached(String arm, List<Trajectory> runs, Target target, EnsembleQss.Detection qss) {
        SurvivalCurve curve = KaplanMeier.estimate(runs.stream().map(run -> Passage.of(run, target)).toList());
        boolean steady = qss.tQss().isPresent();
        return new FptStats(experiment, arm, settings.metric(), target.threshold(), settings.direction().label(),
                runs.size(), runs.size(), list(curve), integer(qss.tQss()), steady ? 0.0 : null, null, steady,
                !steady, null, null, null, List.of(), null, null, null, false,
                "unperturbed baseline, no run has reached the target: " + qss.explanation(), time);
    }

    private static FptStats.Prediction prediction(PredictionPoint point) {
        return new FptStats.Prediction(point.tau(), finite(point.mfpt()), finite(point.interval().low()),
                finite(point.interval().high()), point.valid());
    }

    private static List<Double> list(SurvivalCurve curve) {
        return Arrays.stream(curve.values()).boxed().toList();
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static Integer integer(OptionalInt value) {
        return value.isPresent() ? value.getAsInt() : null;
    }

    private static Integer floor(double value) {
        return Double.isFinite(value) ? (int) Math.floor(value) : null;
    }

    private static Integer ceil(double value) {
        return Double.isFinite(value) ? (int) Math.ceil(value) : null;
    }
}
