package dev.firstpass.core.fpt.survival;

/**
 * A Kaplan-Meier survival curve S(t) = P(T > t) on epochs 0..horizon, with the counts behind it
 * and Greenwood's variance for pointwise bands.
 */
public final class SurvivalCurve {
    /** Two-sided 95% normal quantile, for the default bands. */
    public static final double Z95 = 1.959963984540054;

    private final double[] survival;
    private final double[] greenwoodVariance;
    private final int[] atRisk;
    private final int[] events;

    SurvivalCurve(double[] survival, double[] greenwoodVariance, int[] atRisk, int[] events) {
        this.survival = survival;
        this.greenwoodVariance = greenwoodVariance;
        this.atRisk = atRisk;
        this.events = events;
    }

    /** The last epoch with data: S is known on 0..horizon. */
    public int horizon() {
        return survival.length - 1;
    }

    /** S(t) for 0 <= t <= horizon. */
    public double at(int t) {
        checkRange(t);
        return survival[t];
    }

    /** Greenwood's estimate of Var S(t). */
    public double variance(int t) {
        checkRange(t);
        return greenwoodVariance[t];
    }

    /** Runs at risk at epoch u (not passed, not censored before u); 0 at u = 0 by convention. */
    public int atRisk(int u) {
        checkRange(u);
        return atRisk[u];
    }

    /** Passages observed at epoch u. */
    public int events(int u) {
        checkRange(u);
        return events[u];
    }

    public double lowerBand(int t, double z) {
        return Math.max(0.0, at(t) - z * Math.sqrt(variance(t)));
    }

    public double upperBand(int t, double z) {
        return Math.min(1.0, at(t) + z * Math.sqrt(variance(t)));
    }

    /** Copy of S(0..horizon). */
    public double[] values() {
        return survival.clone();
    }

    private void checkRange(int t) {
        if (t < 0 || t > horizon()) {
            throw new IndexOutOfBoundsException("epoch must be between 0 and " + horizon() + ": " + t);
        }
    }
}
