package dev.firstpass.core.fpt.analysis;

import dev.firstpass.core.fpt.qss.QssSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Knobs of the offline and online analysis, with stated defaults.
 *
 * @param qss                QSS and relaxation detection
 * @param bootstrapResamples resamples of runs (within each arm) behind every interval
 * @param confidence         two-sided level of the intervals
 * @param seed               seed of the resampling, so a report can be reproduced exactly
 * @param tauMax             the longest period predicted; 0 means the longest observed run or arm period
 */
public record AnalysisSettings(QssSettings qss, int bootstrapResamples, double confidence, long seed, int tauMax) {

    public static final int DEFAULT_RESAMPLES = 1000;
    public static final double DEFAULT_CONFIDENCE = 0.95;
    public static final long DEFAULT_SEED = 20250206L;

    public AnalysisSettings {
        List<String> problems = new ArrayList<>();
        if (qss == null) {
            problems.add("QSS settings are required");
        }
        if (bootstrapResamples < 0) {
            problems.add("bootstrap resamples must be at least 0: " + bootstrapResamples);
        }
        if (!(confidence > 0.0 && confidence < 1.0)) {
            problems.add("confidence must be strictly between 0 and 1: " + confidence);
        }
        if (tauMax < 0) {
            problems.add("the longest predicted period must be at least 1 epoch (or 0 for automatic): " + tauMax);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    public static AnalysisSettings defaults() {
        return new AnalysisSettings(QssSettings.defaults(), DEFAULT_RESAMPLES, DEFAULT_CONFIDENCE, DEFAULT_SEED, 0);
    }

    public AnalysisSettings withResamples(int resamples) {
        return new AnalysisSettings(qss, resamples, confidence, seed, tauMax);
    }
}
