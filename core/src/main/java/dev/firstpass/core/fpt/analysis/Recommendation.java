package dev.firstpass.core.fpt.analysis;

import dev.firstpass.core.fpt.qss.EnsembleQss;
import dev.firstpass.core.fpt.qss.Relaxation;
import dev.firstpass.core.protocol.PerturbationKind;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Whether to perturb, and why in words. Perturbing costs real training and resets hard-won weights,
 * so it is recommended only when the whole interval of the predicted MFPT at tau* lies below the
 * whole interval of the baseline's MFPT.
 */
record Recommendation(boolean perturb, String reason) {

    static Recommendation decide(OptionalInt bestTau, List<PredictionPoint> predictions, BaselineSummary baseline,
                                 EnsembleQss.Detection qss, Optional<Relaxation> relaxation, OptionalInt tauMin,
                                 int probePeriod, PerturbationKind kind) {
        if (tauMin.isEmpty()) {
            return new Recommendation(false, whyNoValidityRange(qss, relaxation, probePeriod));
        }
        if (bestTau.isEmpty()) {
            return new Recommendation(false, "no period from " + tauMin.getAsInt()
                    + " epochs on has a finite prediction: keep training unperturbed");
        }
        int tau = bestTau.getAsInt();
        PredictionPoint best = predictions.get(tau - 1);
        Interval predicted = best.interval();
        Interval base = baseline.mfptInterval();
        if (Double.isNaN(predicted.high()) || Double.isNaN(base.low())) {
            return new Recommendation(false, "tau* = " + tau + " has no bootstrap interval: resample before"
                    + " recommending a perturbation");
        }
        String comparison = String.format(Locale.ROOT, "%s every %d epochs: predicted MFPT %s [%s, %s] vs the baseline's %s [%s, %s]",
                kind.name().toLowerCase(Locale.ROOT), tau, number(best.mfpt()), number(predicted.low()),
                number(predicted.high()), number(baseline.mfpt()), number(base.low()), number(base.high()));
        if (predicted.high() < base.low()) {
            return new Recommendation(true, "perturb: " + comparison + ", wholly below");
        }
        return new Recommendation(false, "keep training unperturbed: " + comparison + ", the intervals overlap");
    }

    /** Why no period has a valid prediction; the same for every target of an experiment. */
    static String whyNoValidityRange(EnsembleQss.Detection qss, Optional<Relaxation> relaxation, int probePeriod) {
        if (!qss.detected()) {
            return "no quasi-steady state in the baseline (" + qss.explanation()
                    + "): predictions have no validity range, so nothing is recommended";
        }
        int tQss = qss.tQss().getAsInt();
        if (relaxation.isPresent() && !relaxation.get().resolved()) {
            return "the probe's relaxation after kicks is not established (" + relaxation.get().explanation()
                    + "): measure a probe at a longer period or with more runs";
        }
        int tRel = relaxation.map(Relaxation::tRel).orElse(1);
        return "the probe period " + probePeriod + " is shorter than max(t_QSS, t_rel) = max(" + tQss + ", "
                + tRel + "): its kicks did not hit a steady state, so its response cannot be transferred";
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
