package dev.firstpass.core.fpt.analysis;

import dev.firstpass.core.fpt.predict.MeanTimePredictor;
import dev.firstpass.core.fpt.predict.Predictors;
import dev.firstpass.core.fpt.qss.QssHazard;
import dev.firstpass.core.fpt.response.KickPeriods;
import dev.firstpass.core.fpt.response.KickResponse;
import dev.firstpass.core.fpt.survival.KaplanMeier;
import dev.firstpass.core.fpt.survival.Moments;
import dev.firstpass.core.fpt.survival.SurvivalFunction;
import dev.firstpass.core.fpt.trajectory.Passage;
import java.util.List;
import java.util.OptionalInt;

/**
 * One evaluation of a target's statistics from a set of baseline outcomes and probe periods: run
 * once on the data and once per bootstrap resample, with the validity range held fixed.
 */
final class TargetEstimator {
    private final OptionalInt tQss;
    private final int probePeriod;
    private final int tRel;
    private final boolean fullReset;
    private final OptionalInt tauMin;
    private final int tauMax;

    TargetEstimator(OptionalInt tQss, int probePeriod, int tRel, boolean fullReset, OptionalInt tauMin, int tauMax) {
        this.tQss = tQss;
        this.probePeriod = probePeriod;
        this.tRel = tRel;
        this.fullReset = fullReset;
        this.tauMin = tauMin;
        this.tauMax = tauMax;
    }

    /**
     * A point estimate; index tau of {@code mfpt} holds the prediction for period tau. {@code response}
     * is null for full resets and when no probe run was kicked before passing.
     */
    record Estimate(SurvivalFunction baseline, double hazard, Moments moments, KickResponse response,
                    MeanTimePredictor predictor, double[] mfpt, int bestTau) {
    }

    Estimate estimate(List<Passage> baseline, List<KickPeriods> probe) {
        double hazard = tQss.isPresent() ? QssHazard.estimate(baseline, tQss.getAsInt()).value() : Double.NaN;
        var curve = KaplanMeier.estimate(baseline);
        SurvivalFunction survival = Double.isNaN(hazard)
                ? SurvivalFunction.observedOnly(curve)
                : SurvivalFunction.withQssTail(curve, hazard);
        Moments moments = Moments.of(survival);
        boolean kicksObserved = probe.stream().anyMatch(run -> run.count() > 0);
        KickResponse response = fullReset || !kicksObserved ? null : response(probe, hazard);
        MeanTimePredictor predictor;
        if (fullReset) {
            predictor = Predictors.periodicFullReset(survival);
        } else if (response == null) {
            predictor = Predictors.untilFirstKick(survival);
        } else {
            predictor = Predictors.periodicKicks(survival, response);
        }
        double[] mfpt = new double[tauMax + 1];
        mfpt[0] = Double.NaN;
        int bestTau = 0;
        for (int tau = 1; tau <= tauMax; tau++) {
            mfpt[tau] = predictor.meanTime(tau);
            if (valid(tau, mfpt[tau]) && (bestTau == 0 || mfpt[tau] < mfpt[bestTau])) {
                bestTau = tau;
            }
        }
        return new Estimate(survival, hazard, moments, response, predictor, mfpt, bestTau);
    }

    /**
     * The probe's response, continued beyond tau0 with the baseline's QSS hazard when there is one: the
     * late post-kick window is short and still relaxing where the hazard decays, so its own hazard
     * overstates passages at longer periods (docs/analysis.md, section 3).
     */
    private KickResponse response(List<KickPeriods> probe, double qssHazard) {
        KickResponse observed = KickResponse.measure(probe, probePeriod, tRel);
        return Double.isNaN(qssHazard) ? observed : observed.continuedWith(qssHazard);
    }

    boolean valid(int tau, double prediction) {
        return tauMin.isPresent() && tau >= tauMin.getAsInt() && Double.isFinite(prediction);
    }
}
