package dev.firstpass.core.fpt.survival;

/**
 * Mean, second moment and coefficient of variation of a first-passage time from its survival.
 * When S has not reached 0 by the horizon, the tail comes from the QSS hazard ({@code extrapolated});
 * without a QSS the sums stop at the horizon and are only lower bounds ({@code lowerBound}).
 */
public record Moments(double mean, double secondMoment, double cv, boolean extrapolated, boolean lowerBound) {

    public static Moments of(SurvivalFunction survival) {
        SurvivalCurve curve = survival.curve();
        int horizon = curve.horizon();
        boolean complete = curve.at(horizon) == 0.0;
        if (complete || survival.hasTail()) {
            double mean = survival.total();
            double second = survival.secondMomentSum();
            return new Moments(mean, second, cv(mean, second), !complete, false);
        }
        // No QSS: E[T] >= E[min(T, L + 1)] and E[T^2] >= E[min(T, L + 1)^2]; the CV is unknown.
        double mean = survival.sumBelow(horizon + 1);
        double second = 0.0;
        for (int t = 0; t <= horizon; t++) {
            second += (2.0 * t + 1.0) * curve.at(t);
        }
        return new Moments(mean, second, Double.NaN, false, true);
    }

    private static double cv(double mean, double second) {
        if (!Double.isFinite(mean) || !Double.isFinite(second) || mean == 0.0) {
            return Double.NaN;
        }
        return Math.sqrt(Math.max(0.0, second - mean * mean)) / mean;
    }
}
