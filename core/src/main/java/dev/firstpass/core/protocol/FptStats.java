package dev.firstpass.core.protocol;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The monitor's first-passage summary for one experiment, arm and target, as published.
 *
 * <p>A data carrier: the statistics are computed and checked in {@code fpt}; here only what makes the
 * record unusable as a message is refused. Null statistics mean unknown (or, for {@code mfpt},
 * unbounded).
 *
 * @param experiment the experiment
 * @param arm the arm
 * @param metric the metric whose first passage is measured
 * @param target the target value of that metric
 * @param direction "max" when the target is reached from below, "min" from above
 * @param runs runs observed
 * @param censored runs that ended or went silent without reaching the target
 * @param survival S(t) for t = 0..L
 * @param tQss the epoch from which the quasi-stationary regime holds, or null
 * @param hazard the quasi-stationary hazard h, or null
 * @param mfpt the mean first-passage time, or null when unbounded or unknown
 * @param mfptExtrapolated whether {@code mfpt} relies on extrapolating the survival tail
 * @param mfptIsLowerBound whether {@code mfpt} is only a lower bound
 * @param cv the coefficient of variation of the first-passage time, or null
 * @param tRel the relaxation time after a perturbation: the probe's period itself when it was still relaxing as
 *     the next kick came; null until enough post-kick periods were observed to test it
 * @param tauMin the shortest period the predictions are valid for, or null
 * @param predictions predicted mean first-passage time per perturbation period
 * @param tauStar the best period, or null
 * @param tauStarLow lower end of the interval for {@code tauStar}, or null
 * @param tauStarHigh upper end of the interval for {@code tauStar}, or null
 * @param recommend whether perturbing at {@code tauStar} is recommended
 * @param reason why, in words
 * @param time when these statistics were computed
 */
@JsonPropertyOrder({"schema", "experiment", "arm", "metric", "target", "direction", "runs", "censored",
    "survival", "t_qss", "hazard", "mfpt", "mfpt_extrapolated", "mfpt_is_lower_bound", "cv", "t_rel", "tau_min",
    "predictions", "tau_star", "tau_star_low", "tau_star_high", "recommend", "reason", "time"})
public record FptStats(
        String experiment,
        String arm,
        String metric,
        double target,
        String direction,
        int runs,
        int censored,
        List<Double> survival,
        Integer tQss,
        Double hazard,
        Double mfpt,
        boolean mfptExtrapolated,
        boolean mfptIsLowerBound,
        Double cv,
        Integer tRel,
        Integer tauMin,
        List<Prediction> predictions,
        Integer tauStar,
        Integer tauStarLow,
        Integer tauStarHigh,
        boolean recommend,
        String reason,
        Instant time) implements WireMessage {

    /** The {@code direction} of a metric that should rise to its target, such as accuracy. */
    public static final String MAX = "max";
    /** The {@code direction} of a metric that should fall to its target, such as loss. */
    public static final String MIN = "min";

    /**
     * The predicted mean first-passage time when perturbing every {@code tau} epochs.
     *
     * @param tau the perturbation period
     * @param mfpt the prediction, or null when unbounded or unknown
     * @param low lower end of its interval, or null
     * @param high upper end of its interval, or null
     * @param valid whether {@code tau} lies in the range where the prediction holds
     */
    @JsonPropertyOrder({"tau", "mfpt", "low", "high", "valid"})
    public record Prediction(int tau, Double mfpt, Double low, Double high, boolean valid) {
    }

    public FptStats {
        Violations v = new Violations();
        v.requireId("experiment", experiment);
        v.requireId("arm", arm);
        v.requireText("metric", metric);
        v.maxChars("metric", metric, InputLimits.MAX_METRIC_NAME_CHARS);
        if (direction == null) {
            v.require("direction", direction);
        } else if (!MAX.equals(direction) && !MIN.equals(direction)) {
            v.add("direction", "direction must be max or min: " + Violations.show(direction));
        }
        v.atLeast("censored", censored, 0);
        if (censored > runs) {
            v.add("censored", "censored must not exceed runs (" + runs + "): " + censored);
        }
        noNulls(v, "survival", survival);
        noNulls(v, "predictions", predictions);
        v.require("time", time);
        v.throwIfAny();
        survival = survival == null ? List.of() : List.copyOf(survival);
        predictions = predictions == null ? List.of() : List.copyOf(predictions);
    }

    /** The prediction at {@code tau}, if this record has one. */
    public Optional<Prediction> predictionAt(int tau) {
        return predictions.stream().filter(p -> p.tau() == tau).findFirst();
    }

    /** The prediction at tau*, if there is a tau* and a prediction at it. */
    public Optional<Prediction> predictionAtTauStar() {
        return tauStar == null ? Optional.empty() : predictionAt(tauStar);
    }

    private static void noNulls(Violations v, String path, List<?> values) {
        if (values == null) {
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                v.add(path + "[" + i + "]", path + "[" + i + "] must not be null");
            }
        }
    }

    static FptStats decode(JsonFields in) {
        String experiment = in.text("experiment");
        String arm = in.text("arm");
        String metric = in.text("metric");
        double target = in.requiredNumber("target");
        String direction = in.text("direction");
        int runs = in.requiredInteger("runs");
        int censored = in.requiredInteger("censored");
        List<Double> survival = in.numberList("survival");
        Integer tQss = in.integer("t_qss");
        Double hazard = in.number("hazard");
        Double mfpt = in.number("mfpt");
        boolean mfptExtrapolated = in.bool("mfpt_extrapolated", false);
        boolean mfptIsLowerBound = in.bool("mfpt_is_lower_bound", false);
        Double cv = in.number("cv");
        Integer tRel = in.integer("t_rel");
        Integer tauMin = in.integer("tau_min");
        List<Prediction> predictions = decodePredictions(in.objects("predictions"));
        Integer tauStar = in.integer("tau_star");
        Integer tauStarLow = in.integer("tau_star_low");
        Integer tauStarHigh = in.integer("tau_star_high");
        boolean recommend = in.bool("recommend", false);
        String reason = in.text("reason");
        Instant time = in.instant("time");
        return in.build(() -> new FptStats(experiment, arm, metric, target, direction, runs, censored, survival,
                tQss, hazard, mfpt, mfptExtrapolated, mfptIsLowerBound, cv, tRel, tauMin, predictions, tauStar,
                tauStarLow, tauStarHigh, recommend, reason, time));
    }

    private static List<Prediction> decodePredictions(List<JsonFields> objects) {
        if (objects == null) {
            return null;
        }
        List<Prediction> predictions = new ArrayList<>();
        for (JsonFields p : objects) {
            predictions.add(new Prediction(p.requiredInteger("tau"), p.number("mfpt"), p.number("low"),
                    p.number("high"), p.bool("valid", false)));
        }
        return predictions;
    }
}
