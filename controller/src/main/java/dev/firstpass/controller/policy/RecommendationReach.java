package dev.firstpass.controller.policy;

import dev.firstpass.core.protocol.FptStats;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether more runs could bring the reference probe to recommend perturbing, so that a new run is worth
 * spending on it rather than on the unperturbed baseline.
 *
 * <p>A recommendation needs the whole interval of the MFPT predicted at tau* below the baseline's MFPT.
 * An interval narrows as one over the square root of the runs it rests on, so four times the probe's runs
 * halve it about the prediction. When even the halved interval would reach the baseline's MFPT, the gain
 * the prediction promises is too small for its uncertainty to resolve at any reasonable cost: a kick that
 * does not help, or helps too little to tell, spends probe runs for nothing (and a harmful one spends them
 * on a slower arm). The probe then takes no more runs until an update brings a recommendation within reach.
 *
 * <p>Nothing is judged while it cannot be: without a prediction at tau*, or while the baseline's MFPT is
 * unknown or only a lower bound (its runs have not all passed), the probe keeps taking runs.
 */
final class RecommendationReach {

    private RecommendationReach() {
    }

    /** Why a recommendation is out of reach of more probe runs, or empty when it may be within it. */
    static Optional<String> outOfReach(FptStats probe, FptStats baseline) {
        FptStats.Prediction atBest = probe.predictionAtTauStar().orElse(null);
        if (atBest == null || atBest.mfpt() == null || atBest.high() == null || baseline == null
                || baseline.mfpt() == null || baseline.mfptIsLowerBound()) {
            return Optional.empty();
        }
        double predicted = atBest.mfpt();
        double halvedHigh = predicted + (atBest.high() - predicted) / 2.0;
        if (halvedHigh < baseline.mfpt()) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "%s predicts %.1f epochs [%.1f, %.1f] at tau* %d against the"
                + " baseline's %.1f: even halved about the prediction, as four times its runs would, the interval"
                + " reaches %.1f, so more probe runs would not bring a recommendation", probe.arm(), predicted,
                atBest.low() == null ? Double.NaN : atBest.low(), atBest.high(), probe.tauStar(), baseline.mfpt(),
                halvedHigh));
    }
}
