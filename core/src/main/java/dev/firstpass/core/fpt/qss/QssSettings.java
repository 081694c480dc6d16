package dev.firstpass.core.fpt.qss;

import java.util.ArrayList;
import java.util.List;

/**
 * How quasi-steady states are detected.
 *
 * @param alpha  level of each two-sample Kolmogorov-Smirnov test
 * @param window the horizon, in epochs, over which the ensemble must stay steady: the reference
 *               sample for epoch t is the one at t + window
 * @param minRuns the fewest runs a distribution test may use ({@link #minPeriods()} for post-kick periods)
 */
public record QssSettings(double alpha, int window, int minRuns) {

    public static final double DEFAULT_ALPHA = 0.05;
    public static final int DEFAULT_WINDOW = 10;
    public static final int DEFAULT_MIN_RUNS = 4;
    public static final int MIN_PERIODS = 8;

    public QssSettings {
        List<String> problems = new ArrayList<>();
        if (!(alpha > 0.0 && alpha < 1.0)) {
            problems.add("QSS test level alpha must be strictly between 0 and 1: " + alpha);
        }
        if (window < 1) {
            problems.add("QSS window must be at least 1 epoch: " + window);
        }
        if (minRuns < 3) {
            problems.add("QSS tests need at least 3 runs: " + minRuns);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /**
     * The fewest observed post-kick periods the relaxation test uses: the runs' minimum, but never fewer than
     * {@link #MIN_PERIODS}. Each kick of a probe run is one period, so they accumulate fast, and a test on fewer
     * would find the relaxation over before it could tell a slow one (t_rel too short, predictions held valid
     * too soon).
     */
    public int minPeriods() {
        return Math.max(minRuns, MIN_PERIODS);
    }

    public static QssSettings defaults() {
        return new QssSettings(DEFAULT_ALPHA, DEFAULT_WINDOW, DEFAULT_MIN_RUNS);
    }
}
