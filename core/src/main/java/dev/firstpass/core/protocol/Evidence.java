package dev.firstpass.core.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * The monitor's statistics a decision rests on: which arm's record, the quasi-steady state, the
 * predicted MFPT at tau* with its interval, and the baseline's MFPT with its interval. Null numbers
 * are unknown, and left out of the JSON.
 *
 * @param statsArm the arm whose statistics were read (the baseline, or the probe arm)
 * @param target the target the statistics are for
 * @param statsTime when the monitor computed them
 * @param runs runs in {@code statsArm}
 * @param tQss the baseline's t_QSS
 * @param tauMin the shortest period the predictions hold for
 * @param tauStar the predicted best period
 * @param tauStarLow lower end of the interval of tau*
 * @param tauStarHigh upper end of the interval of tau*
 * @param predictedMfpt the predicted MFPT at tau*
 * @param predictedLow lower end of its interval
 * @param predictedHigh upper end of its interval
 * @param baselineMfpt the baseline's MFPT
 * @param baselineLow lower end of the baseline MFPT's interval
 * @param baselineHigh upper end of the baseline MFPT's interval
 * @param baselineIsLowerBound whether the baseline's MFPT is only a lower bound
 * @param recommend whether the monitor recommends perturbing at tau*
 * @param monitorReason the monitor's reason, in its words
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"stats_arm", "target", "stats_time", "runs", "t_qss", "tau_min", "tau_star", "tau_star_low",
    "tau_star_high", "predicted_mfpt", "predicted_low", "predicted_high", "baseline_mfpt", "baseline_low",
    "baseline_high", "baseline_is_lower_bound", "recommend", "monitor_reason"})
public record Evidence(
        String statsArm,
        double target,
        Instant statsTime,
        int runs,
        Integer tQss,
        Integer tauMin,
        Integer tauStar,
        Integer tauStarLow,
        Integer tauStarHigh,
        Double predictedMfpt,
        Double predictedLow,
        Double predictedHigh,
        Double baselineMfpt,
        Double baselineLow,
        Double baselineHigh,
        boolean baselineIsLowerBound,
        boolean recommend,
        String monitorReason) {

    static Evidence decode(JsonFields in) {
        String statsArm = in.text("stats_arm");
        double target = in.requiredNumber("target");
        Instant statsTime = in.instant("stats_time");
        int runs = in.requiredInteger("runs");
        Integer tQss = in.integer("t_qss");
        Integer tauMin = in.integer("tau_min");
        Integer tauStar = in.integer("tau_star");
        Integer tauStarLow = in.integer("tau_star_low");
        Integer tauStarHigh = in.integer("tau_star_high");
        Double predictedMfpt = in.number("predicted_mfpt");
        Double predictedLow = in.number("predicted_low");
        Double predictedHigh = in.number("predicted_high");
        Double baselineMfpt = in.number("baseline_mfpt");
        Double baselineLow = in.number("baseline_low");
        Double baselineHigh = in.number("baseline_high");
        boolean baselineIsLowerBound = in.bool("baseline_is_lower_bound", false);
        boolean recommend = in.bool("recommend", false);
        String monitorReason = in.text("monitor_reason");
        return new Evidence(statsArm, target, statsTime, runs, tQss, tauMin, tauStar, tauStarLow, tauStarHigh,
                predictedMfpt, predictedLow, predictedHigh, baselineMfpt, baselineLow, baselineHigh,
                baselineIsLowerBound, recommend, monitorReason);
    }
}
