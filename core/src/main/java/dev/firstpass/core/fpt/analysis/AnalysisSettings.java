package dev.firstpass.core.fpt.analysis;

import dev.firstpass.core.fpt.qss.QssSettings;
import dev.firstpass.core.settings.Parsers;
import dev.firstpass.core.settings.Setting;
import dev.firstpass.core.settings.SettingsReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Knobs of the offline and online analysis, with stated defaults, each declared once as a setting:
 * {@code analyze} takes them all, the monitor those it does not fix itself.
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

    public static final Setting<Integer> BOOTSTRAP_RESAMPLES = Setting.withDefault("bootstrap.resamples", "N",
            Parsers.atLeast(0), Integer.toString(DEFAULT_RESAMPLES), "Bootstrap resamples behind every interval");
    public static final Setting<Long> SEED = Setting.withDefault("seed", "N", Parsers.anyWhole(),
            Long.toString(DEFAULT_SEED), "Seed of the resampling, for reproducible intervals");
    public static final Setting<Double> CONFIDENCE = Setting.withDefault("confidence", "P",
            Parsers.strictlyBetweenZeroAndOne(), Double.toString(DEFAULT_CONFIDENCE), "Two-sided level of the intervals");
    public static final Setting<Double> QSS_ALPHA = Setting.withDefault("qss.alpha", "P",
            Parsers.strictlyBetweenZeroAndOne(), Double.toString(QssSettings.DEFAULT_ALPHA),
            "Level of the tests that detect the steady state and plateaus");
    public static final Setting<Integer> QSS_WINDOW = Setting.withDefault("qss.window", "N", Parsers.atLeast(1),
            Integer.toString(QssSettings.DEFAULT_WINDOW), "Epochs the ensemble must stay steady");
    public static final Setting<Integer> QSS_MIN_RUNS = Setting.withDefault("qss.min.runs", "N", Parsers.atLeast(3),
            Integer.toString(QssSettings.DEFAULT_MIN_RUNS), "Fewest baseline runs before predictions are made");
    public static final Setting<Integer> TAU_MAX = Setting.withDefault("tau.max", "N", Parsers.atLeast(0), "0",
            "Longest period predicted; 0 means the longest run or arm period");

    /** Every setting of the analysis, in the order of help and docs. */
    public static final List<Setting<?>> SETTINGS = List.of(BOOTSTRAP_RESAMPLES, SEED, CONFIDENCE, QSS_ALPHA,
            QSS_WINDOW, QSS_MIN_RUNS, TAU_MAX);

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

    /** The settings {@code in} gives, problems noted there; null when any setting breaks its rule. */
    public static AnalysisSettings read(SettingsReader in) {
        Integer resamples = in.get(BOOTSTRAP_RESAMPLES);
        Long seed = in.get(SEED);
        Double confidence = in.get(CONFIDENCE);
        Double alpha = in.get(QSS_ALPHA);
        Integer window = in.get(QSS_WINDOW);
        Integer minRuns = in.get(QSS_MIN_RUNS);
        Integer tauMax = in.get(TAU_MAX);
        if (resamples == null || seed == null || confidence == null || alpha == null || window == null
                || minRuns == null || tauMax == null) {
            return null;
        }
        return new AnalysisSettings(new QssSettings(alpha, window, minRuns), resamples, confidence, seed, tauMax);
    }

    public static AnalysisSettings defaults() {
        return new AnalysisSettings(QssSettings.defaults(), DEFAULT_RESAMPLES, DEFAULT_CONFIDENCE, DEFAULT_SEED, 0);
    }

    public AnalysisSettings withResamples(int resamples) {
        return new AnalysisSettings(qss, resamples, confidence, seed, tauMax);
    }
}
