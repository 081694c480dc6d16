package dev.firstpass.controller.policy;

import dev.firstpass.core.protocol.Evidence;
import dev.firstpass.core.protocol.FptStats;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the monitor's statistics into the {@link Evidence} a decision records.
 *
 * <p>The published statistics carry the baseline's MFPT but not its interval; the monitor states that
 * interval only in the reason of a probe arm's recommendation ("... vs the baseline's 48.1 [40.2, 57.0]"),
 * so it is read from there and left unknown when the reason does not state it.
 */
final class EvidenceReader {

    private static final String NUMBER = "(-?[0-9.]+|n/a|inf|-inf)";
    private static final Pattern BASELINE_INTERVAL = Pattern.compile(
            "the baseline's " + NUMBER + " \\[" + NUMBER + ", " + NUMBER + "\\]");

    private EvidenceReader() {
    }

    /** What the baseline's own statistics say, before any probe. */
    static Evidence ofBaseline(FptStats baseline) {
        return new Evidence(baseline.arm(), baseline.target(), baseline.time(), baseline.runs(), baseline.tQss(), null,
                null, null, null, null, null, null, baseline.mfpt(), null, null, baseline.mfptIsLowerBound(), false,
                baseline.reason());
    }

    /** What the probe arm's statistics predict, next to the baseline's MFPT when its statistics are known. */
    static Evidence ofProbe(FptStats probe, FptStats baseline) {
        FptStats.Prediction atBest = probe.predictionAtTauStar().orElse(null);
        Double[] interval = baselineInterval(probe.reason());
        return new Evidence(probe.arm(), probe.target(), probe.time(), probe.runs(), probe.tQss(), probe.tauMin(),
                probe.tauStar(), probe.tauStarLow(), probe.tauStarHigh(), atBest == null ? null : atBest.mfpt(),
                atBest == null ? null : atBest.low(), atBest == null ? null : atBest.high(),
                baseline == null ? interval[0] : baseline.mfpt(), interval[1], interval[2],
                baseline != null && baseline.mfptIsLowerBound(), probe.recommend(), probe.reason());
    }

    /** The baseline's MFPT, low and high as the reason states them; nulls where it does not. */
    static Double[] baselineInterval(String reason) {
        Matcher matcher = reason == null ? null : BASELINE_INTERVAL.matcher(reason);
        if (matcher == null || !matcher.find()) {
            return new Double[3];
        }
        return new Double[] {number(matcher.group(1)), number(matcher.group(2)), number(matcher.group(3))};
    }

    private static Double number(String text) {
        try {
            double value = Double.parseDouble(text);
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
