package dev.firstpass.core.fpt.qss;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Single-run plateau test, for dashboards and lone jobs: the OLS slope of the last {@code window}
 * values is tested against zero; the run is on a plateau when the slope is not significant.
 */
public record RunTrend(double slope, double standardError, double pValue, boolean plateau) {

    /** Tests the last {@code window} values of {@code series} at level {@code alpha}. */
    public static RunTrend of(double[] series, int window, double alpha) {
        if (window < 3) {
            throw new IllegalArgumentException("trend window must be at least 3 epochs: " + window);
        }
        if (series.length < window) {
            throw new IllegalArgumentException(
                    "trend test needs at least " + window + " epochs: " + series.length);
        }
        int n = window;
        int offset = series.length - window;
        double meanX = (n - 1) / 2.0;
        double meanY = 0.0;
        for (int i = 0; i < n; i++) {
            meanY += series[offset + i];
        }
        meanY /= n;
        double sxx = 0.0;
        double sxy = 0.0;
        for (int i = 0; i < n; i++) {
            double dx = i - meanX;
            sxx += dx * dx;
            sxy += dx * (series[offset + i] - meanY);
        }
        double slope = sxy / sxx;
        double residualSquares = 0.0;
        for (int i = 0; i < n; i++) {
            double residual = series[offset + i] - (meanY + slope * (i - meanX));
            residualSquares += residual * residual;
        }
        double standardError = Math.sqrt(residualSquares / (n - 2) / sxx);
        if (!Double.isFinite(slope) || !Double.isFinite(standardError)) {
            return new RunTrend(Double.NaN, Double.NaN, Double.NaN, false);
        }
        double pValue;
        if (standardError == 0.0) {
            pValue = slope == 0.0 ? 1.0 : 0.0;
        } else {
            double t = Math.abs(slope / standardError);
            pValue = 2.0 * (1.0 - new TDistribution(null, n - 2).cumulativeProbability(t));
        }
        return new RunTrend(slope, standardError, pValue, pValue >= alpha);
    }
}
