package dev.firstpass.controller.policy;

import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.Phase;

/**
 * Counts consecutive statistics updates of the probe arm that agree, so that one noisy update neither
 * moves tau* nor stops the kicks.
 *
 * <p>The band is asymmetric: exploiting starts on a recommendation (the whole interval of the predicted MFPT
 * below the baseline's), and stops only once the predicted MFPT itself is no longer below the baseline's. An
 * update in between (the intervals overlap, yet the prediction is still the lower) breaks both counts: exploiting
 * runs leave the baseline they were compared with, which widens its interval without any evidence that
 * perturbing stopped helping.
 *
 * <p>Only updates that carry a prediction at tau* are evidence. An update without one (too few baseline
 * runs for now, an arm not analysable yet) says nothing for or against perturbing, so it is neither
 * counted nor allowed to break a count.
 *
 * <p>Counting is not part of the decided state: a restarted controller starts counting afresh, which
 * can only delay a change, never repeat one.
 */
final class Hysteresis {

    private FptStats last;
    private int recommending;
    private int against;
    private int outside;

    /** Counts the probe arm's {@code update}, against the baseline's latest statistics, unless it was counted. */
    void observe(FptStats update, FptStats baseline, PolicyState state) {
        if (update == null || update.equals(last) || update.tauStar() == null) {
            return;
        }
        last = update;
        if (!update.recommend()) {
            recommending = 0;
            outside = 0;
            against = noLongerBelow(update, baseline) ? against + 1 : 0;
            return;
        }
        recommending++;
        against = 0;
        boolean moved = state.phase == Phase.EXPLOIT && state.tauLow != null && state.tauHigh != null
                && (update.tauStar() < state.tauLow || update.tauStar() > state.tauHigh);
        outside = moved ? outside + 1 : 0;
    }

    /** Whether the MFPT predicted at tau* is unknown, or no lower than the baseline's (a bound counts as its value). */
    private static boolean noLongerBelow(FptStats update, FptStats baseline) {
        Double predicted = update.predictionAtTauStar().map(FptStats.Prediction::mfpt).orElse(null);
        return predicted == null || baseline == null || baseline.mfpt() == null || predicted >= baseline.mfpt();
    }

    /** Called when the phase or tau* changes: evidence for the old state says nothing about the new one. */
    void reset() {
        recommending = 0;
        against = 0;
        outside = 0;
    }

    /** Consecutive updates recommending to perturb. */
    int recommending() {
        return recommending;
    }

    /** Consecutive updates whose predicted MFPT is no longer below the baseline's. */
    int against() {
        return against;
    }

    /** Consecutive recommending updates whose tau* lies outside the interval of the tau* in force. */
    int outside() {
        return outside;
    }
}
