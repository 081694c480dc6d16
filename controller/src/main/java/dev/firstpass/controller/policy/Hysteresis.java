package dev.firstpass.controller.policy;

import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.Phase;

/**
 * Counts consecutive statistics updates of the probe arm that agree, so that one noisy update neither
 * moves tau* nor stops the kicks.
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

    /** Counts {@code update} unless it was counted already. */
    void observe(FptStats update, PolicyState state) {
        if (update == null || update.equals(last) || update.tauStar() == null) {
            return;
        }
        last = update;
        if (!update.recommend()) {
            recommending = 0;
            outside = 0;
            against++;
            return;
        }
        recommending++;
        against = 0;
        boolean moved = state.phase == Phase.EXPLOIT && state.tauLow != null && state.tauHigh != null
                && (update.tauStar() < state.tauLow || update.tauStar() > state.tauHigh);
        outside = moved ? outside + 1 : 0;
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

    /** Consecutive updates whose prediction does not recommend perturbing. */
    int against() {
        return against;
    }

    /** Consecutive recommending updates whose tau* lies outside the interval of the tau* in force. */
    int outside() {
        return outside;
    }
}
