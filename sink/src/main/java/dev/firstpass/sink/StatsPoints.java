package dev.firstpass.sink;

import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.FptStats.Prediction;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A statistics record as points: one {@value Measurements#FPT_STATS} summary, one
 * {@value Measurements#FPT_PREDICTION} point per predicted period and one
 * {@value Measurements#FPT_SURVIVAL} point per epoch of the survival curve.
 *
 * <p>All carry the record's own time, so the curves of one record belong together and a replay
 * overwrites them. Tau and epoch are tags because every prediction and every survival value of a record
 * shares that time: as fields they would overwrite each other. Unknown statistics (null) are left out.
 */
final class StatsPoints {

    private StatsPoints() {
    }

    static List<Line> of(FptStats stats) {
        List<Line> lines = new ArrayList<>(stats.predictions().size() + stats.survival().size() + 1);
        summary(stats).ifPresent(lines::add);
        for (Prediction prediction : stats.predictions()) {
            series(Measurements.FPT_PREDICTION, stats)
                    .tag("tau", Integer.toString(prediction.tau()))
                    .field("mfpt", prediction.mfpt())
                    .field("low", prediction.low())
                    .field("high", prediction.high())
                    .field("valid", prediction.valid())
                    .at(stats.time()).ifPresent(lines::add);
        }
        List<Double> survival = stats.survival();
        for (int epoch = 0; epoch < survival.size(); epoch++) {
            series(Measurements.FPT_SURVIVAL, stats)
                    .tag("epoch", Integer.toString(epoch))
                    .field("survival", survival.get(epoch))
                    .at(stats.time()).ifPresent(lines::add);
        }
        return lines;
    }

    /**
     * Tags experiment, arm, metric, target; fields runs, censored, t_qss, hazard, mfpt (with its two
     * flags), cv, t_rel, tau_min, tau_star with its interval, the prediction at tau_star
     * (mfpt_at_tau_star with _low and _high), recommend and reason.
     */
    private static Optional<Line> summary(FptStats stats) {
        Prediction atTauStar = stats.predictionAtTauStar().orElse(null);
        return series(Measurements.FPT_STATS, stats)
                .field("runs", (long) stats.runs())
                .field("censored", (long) stats.censored())
                .field("t_qss", stats.tQss())
                .field("hazard", stats.hazard())
                .field("mfpt", stats.mfpt())
                .field("mfpt_extrapolated", stats.mfptExtrapolated())
                .field("mfpt_is_lower_bound", stats.mfptIsLowerBound())
                .field("cv", stats.cv())
                .field("t_rel", stats.tRel())
                .field("tau_min", stats.tauMin())
                .field("tau_star", stats.tauStar())
                .field("tau_star_low", stats.tauStarLow())
                .field("tau_star_high", stats.tauStarHigh())
                .field("mfpt_at_tau_star", atTauStar == null ? null : atTauStar.mfpt())
                .field("mfpt_at_tau_star_low", atTauStar == null ? null : atTauStar.low())
                .field("mfpt_at_tau_star_high", atTauStar == null ? null : atTauStar.high())
                .field("recommend", stats.recommend())
                .field("reason", stats.reason())
                .at(stats.time());
    }

    private static LineProtocol series(String measurement, FptStats stats) {
        return LineProtocol.measurement(measurement)
                .tag("experiment", stats.experiment())
                .tag("arm", stats.arm())
                .tag("metric", stats.metric())
                .tag("target", target(stats.target()));
    }

    /** The target as people write it: 0.85, 55, never 55.0 or 8.5E-1. */
    static String target(double target) {
        return BigDecimal.valueOf(target).stripTrailingZeros().toPlainString();
    }
}
