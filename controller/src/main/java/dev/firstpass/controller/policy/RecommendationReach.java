package dev.firstpass.controller.policy;

import dev.firstpass.core.protocol.FptStats;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a new run is worth spending on the reference probe rather than on the unperturbed baseline: while
 * more probe runs could bring a recommendation, or while the probe's own period is not known to be slower.
 *
 * <p>A recommendation needs the whole interval of the MFPT predicted at tau* below the baseline's MFPT.
 * An interval narrows as one over the square root of the runs it rests on, so four times the probe's runs
 * halve it about the prediction. When even the halved interval would reach the baseline's MFPT, the gain
 * the prediction promises is too small for its uncertainty to resolve at any reasonable cost. If the probe's
 * own period is also predicted wholly slower than the baseline (the mirror image of a recommendation), each
 * further probe run is a cost with nothing to show for it: a harmful kick slowing half the fleet. The probe
 * then takes no more runs until an update changes either. A probe whose own period may be helping keeps its
 * runs even with no recommendation in reach: judged by its measured MFPT instead, the noise of a few runs
 * against a few baseline runs closed the probe to kicks that help.
 *
 * <p>Nothing is judged while it cannot be: without these predictions, or while the baseline's MFPT is
 * unknown or only a lower bound (its runs have not all passed), the probe keeps taking runs.
 */
final class RecommendationReach {

    private RecommendationReach() {
    }

    /**
     * Why more probe runs would cost without bringing a recommendation, or empty when they may bring one or cost
     * nothing.
     */
    static Optional<String> outOfReach(FptStats probe, int tau0, FptStats baseline) {
        FptStats.Prediction atBest = probe.predictionAtTauStar().orElse(null);
        if (atBest == null || atBest.mfpt() == null || atBest.high() == null || baseline == null
                || baseline.mfpt() == null || baseline.mfptIsLowerBound()) {
            return Optional.empty();
        }
        double predicted = atBest.mfpt();
        double halvedHigh = predicted + (atBest.high() - predicted) / 2.0;
        Optional<String> slower = slowerAtTau0(probe, tau0, baseline.mfpt());
        if (halvedHigh < baseline.mfpt() || slower.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "%s predicts %.1f epochs [%.1f, %.1f] at tau* %d against the"
                + " baseline's %.1f: even halved about the prediction, as four times its runs would, the interval"
                + " reaches %.1f, so more probe runs would not bring a recommendation; and at its own period, %d, %s",
                probe.arm(), predicted, atBest.low() == null ? Double.NaN : atBest.low(), atBest.high(),
                probe.tauStar(), baseline.mfpt(), halvedHigh, tau0, slower.get()));
    }

    /**
     * How the probe's own period is predicted wholly slower than the baseline, or empty. A period the predictions
     * hold for (at least tau_min) without a finite MFPT is one where no run passed within a period of a kick.
     */
    private static Optional<String> slowerAtTau0(FptStats probe, int tau0, double baselineMfpt) {
        FptStats.Prediction atTau0 = probe.predictionAt(tau0).orElse(null);
        if (atTau0 == null) {
            return Optional.empty();
        }
        if (atTau0.low() != null && atTau0.low() > baselineMfpt) {
            return Optional.of(String.format(Locale.ROOT, "it predicts %.1f [%.1f, %s], wholly slower than the"
                    + " baseline", atTau0.mfpt(), atTau0.low(), atTau0.high() == null ? "unbounded"
                            : String.format(Locale.ROOT, "%.1f", atTau0.high())));
        }
        boolean unbounded = atTau0.mfpt() == null && atTau0.low() == null && probe.tauMin() != null
                && tau0 >= probe.tauMin();
        return unbounded ? Optional.of("its predicted MFPT is unbounded (no run passed within a period of a kick)")
                : Optional.empty();
    }
}
