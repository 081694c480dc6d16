package dev.firstpass.core.fpt.analysis;

import dev.firstpass.core.fpt.predict.LinearResponse;
import dev.firstpass.core.fpt.predict.Predictors;
import dev.firstpass.core.fpt.qss.EnsembleProfile;
import dev.firstpass.core.fpt.qss.EnsembleQss;
import dev.firstpass.core.fpt.qss.Relaxation;
import dev.firstpass.core.fpt.response.KickPeriods;
import dev.firstpass.core.fpt.response.KickResponse;
import dev.firstpass.core.fpt.survival.KaplanMeier;
import dev.firstpass.core.fpt.survival.SurvivalCurve;
import dev.firstpass.core.fpt.trajectory.Passage;
import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.fpt.trajectory.Trajectory;
import dev.firstpass.core.protocol.PerturbationKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * The first-passage analysis of an experiment, shared by {@code firstpass analyze} and the monitor:
 * QSS and relaxation, baseline survival and moments, the response of one probe arm, predictions over
 * tau with bootstrap intervals, tau*, and the rule that recommends perturbing only when the whole
 * interval at tau* lies below the baseline's.
 *
 * <p>t_QSS and t_rel are detected once on all the data and then held fixed while runs are resampled:
 * they define the validity range the intervals are conditional on.
 */
public final class FirstPassageAnalysis {
    private FirstPassageAnalysis() {
    }

    public static ExperimentReport analyze(ExperimentInput input, List<Target> targets, AnalysisSettings settings,
                                           ProgressListener progress) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("at least one target is required");
        }
        List<Trajectory> baselineRuns = input.baseline().runs();
        int minRuns = settings.qss().minRuns();
        if (baselineRuns.size() < minRuns) {
            throw new IllegalArgumentException("too few baseline runs for a QSS test: " + baselineRuns.size()
                    + " (at least " + minRuns + " are needed)");
        }
        EnsembleQss.Detection qss = EnsembleQss.detect(baselineRuns, settings.qss());
        boolean fullReset = input.kind() == PerturbationKind.FULL_RESET;
        Optional<Relaxation> relaxation = input.probe().filter(probe -> !fullReset)
                .map(probe -> Relaxation.detect(probe.runs(), probe.runs().stream().map(probe::kicksOf).toList(),
                        input.probePeriod(), settings.qss()));
        OptionalInt tauMin = tauMin(input, qss, relaxation);
        int tauMax = settings.tauMax() > 0 ? settings.tauMax() : longestHorizon(input);
        int tRel = relaxation.map(Relaxation::tRel).orElse(1);
        var estimator = new TargetEstimator(qss.tQss(), input.probePeriod(), tRel, fullReset, tauMin, tauMax);

        List<TargetReport> reports = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Target target = targets.get(i);
            requireReachedSomewhere(input, target);
            reports.add(new TargetAnalysis(input, target, settings, estimator, qss, relaxation, tauMin, tauMax)
                    .run(new SplittableRandom(settings.seed() + i), progress, i, targets.size()));
        }
        return new ExperimentReport(input, settings, qss, relaxation, tauMin,
                EnsembleProfile.of(baselineRuns), reports);
    }

    private static OptionalInt tauMin(ExperimentInput input, EnsembleQss.Detection qss, Optional<Relaxation> relaxation) {
        if (input.kind() == PerturbationKind.FULL_RESET) {
            // A full reset restarts from scratch: the renewal formula holds at every period.
            return OptionalInt.of(1);
        }
        if (qss.tQss().isEmpty() || relaxation.isEmpty() || !relaxation.get().resolved()) {
            return OptionalInt.empty();
        }
        int tauMin = Math.max(qss.tQss().getAsInt(), relaxation.get().tRel());
        return input.probePeriod() >= tauMin ? OptionalInt.of(tauMin) : OptionalInt.empty();
    }

    private static int longestHorizon(ExperimentInput input) {
        return input.allArms().stream()
                .mapToInt(arm -> Math.max(arm.longestRun(), arm.period().orElse(0)))
                .max().orElseThrow();
    }

    private static void requireReachedSomewhere(ExperimentInput input, Target target) {
        boolean reached = input.allArms().stream()
                .flatMap(arm -> arm.runs().stream())
                .anyMatch(run -> Passage.of(run, target).reached());
        if (!reached) {
            throw new IllegalArgumentException("target " + target + " on " + input.metric()
                    + " is never reached by any run in any arm: nothing to analyse");
        }
    }

    /** The analysis of one target: a point estimate, bootstrap resamples, and the report. */
    private static final class TargetAnalysis {
        private final ExperimentInput input;
        private final Target target;
        private final AnalysisSettings settings;
        private final TargetEstimator estimator;
        private final EnsembleQss.Detection qss;
        private final Optional<Relaxation> relaxation;
        private final OptionalInt tauMin;
        private final int tauMax;
        private final List<Passage> baseline;
        private final List<KickPeriods> probe;

        TargetAnalysis(ExperimentInput input, Target target, AnalysisSettings settings, TargetEstimator estimator,
                       EnsembleQss.Detection qss, Optional<Relaxation> relaxation, OptionalInt tauMin, int tauMax) {
            this.input = input;
            this.target = target;
            this.settings = settings;
            this.estimator = estimator;
            this.qss = qss;
            this.relaxation = relaxation;
            this.tauMin = tauMin;
            this.tauMax = tauMax;
            this.baseline = input.baseline().runs().stream().map(run -> Passage.of(run, target)).toList();
            this.probe = input.probe().map(arm -> arm.runs().stream()
                    .map(run -> KickPeriods.of(run, arm.kicksOf(run), target)).toList()).orElse(List.of());
        }

        TargetReport run(SplittableRandom random, ProgressListener progress, int targetIndex, int targetCount) {
            TargetEstimator.Estimate point = estimator.estimate(baseline, probe);
            int resamples = settings.bootstrapResamples();
            double[][] mfptByTau = new double[tauMax + 1][resamples];
            double[] baselineMfpt = new double[resamples];
            double[] bestTaus = new double[resamples];
            String stage = "bootstrap " + target + " (" + (targetIndex + 1) + "/" + targetCount + ")";
            for (int b = 0; b < resamples; b++) {
                TargetEstimator.Estimate estimate = resample(random);
                baselineMfpt[b] = estimate.moments().mean();
                bestTaus[b] = estimate.bestTau() == 0 ? Double.NaN : estimate.bestTau();
                for (int tau = 1; tau <= tauMax; tau++) {
                    mfptByTau[tau][b] = estimate.mfpt()[tau];
                }
                if ((b + 1) % 100 == 0 || b + 1 == resamples) {
                    progress.update(stage, b + 1, resamples);
                }
            }
            double confidence = settings.confidence();
            List<PredictionPoint> predictions = new ArrayList<>();
            for (int tau = 1; tau <= tauMax; tau++) {
                double mfpt = point.mfpt()[tau];
                predictions.add(new PredictionPoint(tau, mfpt, intervalOf(mfptByTau[tau], resamples, confidence),
                        estimator.valid(tau, mfpt), point.predictor().extrapolatedShare(tau)));
            }
            BaselineSummary baselineSummary = baselineSummary(point, Interval.percentile(baselineMfpt, confidence));
            OptionalInt bestTau = point.bestTau() == 0 ? OptionalInt.empty() : OptionalInt.of(point.bestTau());
            Interval bestTauInterval = Interval.percentile(bestTaus, confidence);
            Recommendation recommendation = Recommendation.decide(bestTau, predictions, baselineSummary, qss,
                    relaxation, tauMin, input.probePeriod(), input.kind());
            return new TargetReport(target, baselineSummary, responseSummary(point), tauMin, predictions,
                    observedArms(point), bestTau, bestTauInterval,
                    bestTau.isPresent() && tauMin.isPresent() && bestTau.getAsInt() == tauMin.getAsInt(),
                    recommendation.perturb(), recommendation.reason(), linearResponse(point),
                    fullReset(point));
        }

        /** Resamples runs with replacement within each arm. */
        private TargetEstimator.Estimate resample(SplittableRandom random) {
            List<Passage> baselineSample = sample(baseline, random);
            List<KickPeriods> probeSample = sample(probe, random);
            return estimator.estimate(baselineSample, probeSample);
        }

        private static <T> List<T> sample(List<T> items, SplittableRandom random) {
            List<T> sample = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                sample.add(items.get(random.nextInt(items.size())));
            }
            return sample;
        }

        private static Interval intervalOf(double[] values, int resamples, double confidence) {
            return resamples == 0 ? Interval.UNKNOWN : Interval.percentile(values, confidence);
        }

        private BaselineSummary baselineSummary(TargetEstimator.Estimate point, Interval mfptInterval) {
            int censored = (int) baseline.stream().filter(Passage::censored).count();
            var moments = point.moments();
            return new BaselineSummary(baseline.size(), censored, qss.tQss(), point.hazard(), moments.mean(),
                    mfptInterval, moments.extrapolated(), moments.lowerBound(), moments.cv(),
                    moments.secondMoment(), point.baseline().curve());
        }

        private Optional<ResponseSummary> responseSummary(TargetEstimator.Estimate point) {
            KickResponse response = point.response();
            if (response == null) {
                return Optional.empty();
            }
            Relaxation relax = relaxation.orElseThrow();
            return Optional.of(new ResponseSummary(response.period(), relax.tRel(), relax.resolved(),
                    response.periods(), response.passages(), response.kickedRuns(), response.censoredRuns(),
                    response.meanKicks(), response.meanResidual(), response.meanSingleKickResponse(),
                    response.windowHazard(), response.survival().curve()));
        }

        private Optional<LinearResponse> linearResponse(TargetEstimator.Estimate point) {
            if (point.response() == null || point.moments().lowerBound()) {
                return Optional.empty();
            }
            return Optional.of(LinearResponse.of(point.moments(), point.response().meanSingleKickResponse()));
        }

        private FullResetSummary fullReset(TargetEstimator.Estimate point) {
            var predictor = Predictors.periodicFullReset(point.baseline());
            int best = 0;
            double bestMfpt = Double.NaN;
            for (int tau = 1; tau <= tauMax; tau++) {
                double mfpt = predictor.meanTime(tau);
                if (Double.isFinite(mfpt) && (best == 0 || mfpt < bestMfpt)) {
                    best = tau;
                    bestMfpt = mfpt;
                }
            }
            return new FullResetSummary(point.moments().cv(), best == 0 ? OptionalInt.empty() : OptionalInt.of(best),
                    bestMfpt);
        }

        private List<ArmObservation> observedArms(TargetEstimator.Estimate point) {
            List<ArmObservation> observations = new ArrayList<>();
            input.allArms().stream()
                    .filter(arm -> arm.period().isPresent())
                    .sorted(Comparator.comparingInt(arm -> arm.period().getAsInt()))
                    .forEach(arm -> observations.add(observe(arm, point)));
            return observations;
        }

        private ArmObservation observe(Arm arm, TargetEstimator.Estimate point) {
            int tau = arm.period().getAsInt();
            List<Passage> passages = arm.runs().stream().map(run -> Passage.of(run, target)).toList();
            int censored = (int) passages.stream().filter(Passage::censored).count();
            SurvivalCurve curve = KaplanMeier.estimate(passages);
            double observed = censored == 0
                    ? passages.stream().mapToInt(Passage::time).average().orElseThrow()
                    : restrictedMean(curve);
            double predicted = tau <= tauMax ? point.mfpt()[tau] : point.predictor().meanTime(tau);
            return new ArmObservation(arm.name(), tau, passages.size(), censored, observed, censored > 0,
                    predicted, estimator.valid(tau, predicted), input.probe().filter(arm::equals).isPresent(), curve);
        }

        private static double restrictedMean(SurvivalCurve curve) {
            double sum = 0.0;
            for (int t = 0; t <= curve.horizon(); t++) {
                sum += curve.at(t);
            }
            return sum;
        }
    }
}
