package dev.firstpass.core.fpt.predict;

import dev.firstpass.core.fpt.survival.SurvivalFunction;

/**
 * Full reset at random: after each epoch an unpassed run is reset with probability p = 1 - exp(-r).
 * With R the epoch after which the reset fires (geometric), each attempt is an independent copy, so
 *
 * <pre>  &lt;T_r&gt; = E[min(T, R)] / P(T &lt;= R) = sum_t S(t) (1-p)^t / sum_{t>=1} f(t) (1-p)^(t-1),</pre>
 *
 * the discrete-epoch form of (1 - f~(r)) / (r f~(r)). The tail beyond the horizon uses the QSS hazard
 * in closed form.
 */
public final class PoissonReset {
    private PoissonReset() {
    }

    /** Predicted MFPT under full resets at rate {@code rate} per epoch; NaN when the tail is unknown. */
    public static double meanTime(SurvivalFunction survival, double rate) {
        if (!(rate > 0.0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("reset rate must be a positive number per epoch: " + rate);
        }
        double keep = Math.exp(-rate);
        int horizon = survival.horizon();
        double numerator = 0.0;
        double denominator = 0.0;
        double weight = 1.0;
        for (int t = 0; t <= horizon; t++) {
            numerator += survival.at(t) * weight;
            if (t >= 1) {
                // weight is (1-p)^t here; the density term needs (1-p)^(t-1).
                denominator += (survival.at(t - 1) - survival.at(t)) * weight / keep;
            }
            weight *= keep;
        }
        double last = survival.at(horizon);
        if (last > 0.0) {
            if (!survival.hasTail()) {
                return Double.NaN;
            }
            double h = survival.tailHazard();
            double stayFactor = 1.0 - (1.0 - h) * keep;
            double keepToHorizon = Math.pow(keep, horizon);
            numerator += last * keepToHorizon * (1.0 - h) * keep / stayFactor;
            denominator += last * h * keepToHorizon / stayFactor;
        }
        return denominator == 0.0 ? Double.POSITIVE_INFINITY : numerator / denominator;
    }
}
