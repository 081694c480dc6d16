package dev.firstpass.core.fpt.analysis;

import java.util.Arrays;

/** A two-sided percentile interval; bounds may be infinite, NaN when nothing could be resampled. */
public record Interval(double low, double high) {

    public static final Interval UNKNOWN = new Interval(Double.NaN, Double.NaN);

    /** Percentile interval of the non-NaN values at the given two-sided confidence. */
    public static Interval percentile(double[] values, double confidence) {
        double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) {
            return UNKNOWN;
        }
        double tail = (1.0 - confidence) / 2.0;
        return new Interval(quantile(sorted, tail), quantile(sorted, 1.0 - tail));
    }

    /** Linear interpolation between order statistics (type 7, as in R and NumPy). */
    static double quantile(double[] sorted, double p) {
        double position = p * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        double fraction = position - below;
        if (fraction == 0.0 || sorted[below] == sorted[above]) {
            return sorted[below];
        }
        return sorted[below] + fraction * (sorted[above] - sorted[below]);
    }

    public boolean contains(double value) {
        return value >= low && value <= high;
    }
}
