package dev.firstpass.core.fpt.survival;

/**
 * S(t) for every t >= 0: the Kaplan-Meier curve up to its horizon L and, beyond it, the
 * quasi-steady-state tail S(L) (1 - h)^(t - L) when a QSS hazard h is known. Without one the tail is
 * unknown (NaN) unless the curve already reached 0. Partial sums come from prefix sums and closed
 * forms, so predictions over many periods cost O(1) each.
 */
public final class SurvivalFunction {
    private final SurvivalCurve curve;
    private final double[] survival;
    private final double[] prefix;
    private final double tailHazard;

    private SurvivalFunction(SurvivalCurve curve, double tailHazard) {
        this.curve = curve;
        this.survival = curve.values();
        this.tailHazard = tailHazard;
        this.prefix = new double[survival.length + 1];
        for (int t = 0; t < survival.length; t++) {
            prefix[t + 1] = prefix[t] + survival[t];
        }
    }

    /** The curve, continued beyond its horizon with the constant per-epoch hazard {@code hazard}. */
    public static SurvivalFunction withQssTail(SurvivalCurve curve, double hazard) {
        if (!(hazard >= 0.0 && hazard <= 1.0)) {
            throw new IllegalArgumentException("QSS hazard must be between 0 and 1: " + hazard);
        }
        return new SurvivalFunction(curve, hazard);
    }

    /** The curve with no knowledge beyond its horizon (no quasi-steady state to extrapolate with). */
    public static SurvivalFunction observedOnly(SurvivalCurve curve) {
        return new SurvivalFunction(curve, Double.NaN);
    }

    public SurvivalCurve curve() {
        return curve;
    }

    public int horizon() {
        return survival.length - 1;
    }

    /** The hazard used beyond the horizon, NaN when there is none. */
    public double tailHazard() {
        return tailHazard;
    }

    /** True when values beyond the horizon are known (a tail hazard, or the curve already at 0). */
    public boolean hasTail() {
        return !Double.isNaN(tailHazard) || last() == 0.0;
    }

    /** S(t); beyond the horizon the QSS tail, or NaN when the tail is unknown. */
    public double at(int t) {
        if (t < 0) {
            throw new IllegalArgumentException("epoch must be at least 0: " + t);
        }
        int horizon = horizon();
        if (t <= horizon) {
            return survival[t];
        }
        if (last() == 0.0) {
            return 0.0;
        }
        return last() * Math.pow(1.0 - tailHazard, t - horizon);
    }

    /** The sum of S(t) over 0 <= t < tau, that is, the mean of min(T, tau). */
    public double sumBelow(int tau) {
        if (tau < 0) {
            throw new IllegalArgumentException("tau must be at least 0: " + tau);
        }
        int horizon = horizon();
        if (tau <= horizon + 1) {
            return prefix[tau];
        }
        return prefix[horizon + 1] + tailSum(tau - 1 - horizon);
    }

    /** The part of {@link #sumBelow(int)} that comes from beyond the horizon (extrapolated). */
    public double extrapolatedPartBelow(int tau) {
        return tau <= horizon() + 1 ? 0.0 : tailSum(tau - 1 - horizon());
    }

    /** The sum of S(t) over all t >= 0: the mean; infinite when the tail hazard is 0 and S(L) > 0. */
    public double total() {
        return prefix[horizon()] + tailFromHorizon();
    }

    /** The sum of (2t + 1) S(t) over all t >= 0: the second moment of T. */
    public double secondMomentSum() {
        int horizon = horizon();
        double observed = 0.0;
        for (int t = 0; t < horizon; t++) {
            observed += (2.0 * t + 1.0) * survival[t];
        }
        double sL = last();
        if (sL == 0.0) {
            return observed;
        }
        double h = tailHazard;
        if (h == 0.0) {
            return Double.POSITIVE_INFINITY;
        }
        return observed + sL * ((2.0 * horizon + 1.0) / h + 2.0 * (1.0 - h) / (h * h));
    }

    /** The sum of S(t) over t >= horizon, S(L) / h: the part of the mean the tail contributes. */
    public double tailFromHorizon() {
        double sL = last();
        if (sL == 0.0) {
            return 0.0;
        }
        return tailHazard == 0.0 ? Double.POSITIVE_INFINITY : sL / tailHazard;
    }

    private double tailSum(int terms) {
        double sL = last();
        if (sL == 0.0) {
            return 0.0;
        }
        double h = tailHazard;
        if (h == 0.0) {
            return sL * terms;
        }
        double q = 1.0 - h;
        return sL * q * (1.0 - Math.pow(q, terms)) / h;
    }

    private double last() {
        return survival[survival.length - 1];
    }
}
