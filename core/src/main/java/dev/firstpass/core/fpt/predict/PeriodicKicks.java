package dev.firstpass.core.fpt.predict;

import dev.firstpass.core.fpt.survival.SurvivalFunction;

/**
 * Renewal prediction for kicks every tau epochs. Until the first kick the run follows the baseline
 * survival S; a run still unpassed at tau is kicked, and (in the QSS, tau >= t_rel) every kick starts
 * an independent period in which it passes with the post-kick survival G. Then
 *
 * <pre>  &lt;T_tau&gt; = sum_{t &lt; tau} S(t) + S(tau) * sum_{s &lt; tau} G(s) / (1 - G(tau)).</pre>
 *
 * With G = S this is the classic sharp-restart formula for full resets. When G is flat after the
 * relaxation (no passages in the relaxed post-kick state) it equals the theory's
 * {@code <min(T,tau)> + S(tau) ((<N> - 1) tau + <U>)} with (N, U) measured at any tau0 >= t_rel;
 * a non-zero relaxed hazard makes (N, U) depend on tau, and this form accounts for it.
 */
final class PeriodicKicks implements MeanTimePredictor {
    private final SurvivalFunction baseline;
    private final SurvivalFunction response;

    PeriodicKicks(SurvivalFunction baseline, SurvivalFunction response) {
        this.baseline = baseline;
        this.response = response;
    }

    @Override
    public double meanTime(int tau) {
        requirePeriod(tau);
        double beforeKick = baseline.sumBelow(tau);
        double unpassed = baseline.at(tau);
        if (unpassed == 0.0) {
            return beforeKick;
        }
        return beforeKick + unpassed * afterKick(tau);
    }

    @Override
    public double extrapolatedShare(int tau) {
        double total = meanTime(tau);
        if (!Double.isFinite(total) || total == 0.0) {
            return Double.isNaN(total) ? Double.NaN : 1.0;
        }
        double unpassed = baseline.at(tau);
        double extrapolated = baseline.extrapolatedPartBelow(tau);
        if (unpassed > 0.0) {
            boolean kickBeyondBaseline = tau > baseline.horizon();
            extrapolated += kickBeyondBaseline
                    ? unpassed * afterKick(tau)
                    : unpassed * response.extrapolatedPartBelow(tau) / (1.0 - response.at(tau));
        }
        return Math.min(1.0, extrapolated / total);
    }

    /** Mean time from the first kick to passage: sum_{s < tau} G(s) / (1 - G(tau)). */
    private double afterKick(int tau) {
        double stillUnpassed = response.at(tau);
        if (stillUnpassed >= 1.0) {
            return Double.POSITIVE_INFINITY;
        }
        return response.sumBelow(tau) / (1.0 - stillUnpassed);
    }

    static void requirePeriod(int tau) {
        if (tau < 1) {
            throw new IllegalArgumentException("perturbation period must be at least 1 epoch: " + tau);
        }
    }
}
