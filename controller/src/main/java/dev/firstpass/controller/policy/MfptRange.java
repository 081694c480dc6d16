package dev.firstpass.controller.policy;

import dev.firstpass.core.protocol.FptStats;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * A mean first-passage time with the interval it is known within: a measured arm's Student-t interval,
 * or a prediction's bootstrap interval.
 *
 * @param mfpt the point value, epochs (infinite when unbounded)
 * @param low the interval's lower end
 * @param high the interval's upper end
 */
record MfptRange(double mfpt, double low, double high) {

    /** How a measurement compares with another range. */
    enum Verdict {
        /** The whole interval lies below the other's. */
        BETTER,
        /** The whole interval lies above the other's. */
        WORSE,
        /** The intervals overlap: the runs so far do not decide. */
        UNDECIDED
    }

    /** A value known exactly, or with no interval to go on. */
    static MfptRange point(double mfpt) {
        return new MfptRange(mfpt, mfpt, mfpt);
    }

    /** A prediction with its interval; a missing end is taken at the point value. */
    static MfptRange predicted(FptStats.Prediction prediction) {
        double mfpt = prediction.mfpt();
        return new MfptRange(mfpt, prediction.low() == null ? mfpt : prediction.low(),
                prediction.high() == null ? mfpt : prediction.high());
    }

    /**
     * The measured MFPT of an arm with the two-sided Student-t interval of a mean of its runs' first-passage
     * times at {@code confidence}, the spread taken from the arm's own survival curve (E[T] = sum S(t),
     * E[T^2] = sum (2t + 1) S(t)) with Bessel's correction. Null unless every run passed and there are at
     * least 2 of them: a censored run's passage is unknown, and one run has no spread.
     */
    static MfptRange measured(FptStats stats, double confidence) {
        List<Double> survival = stats.survival();
        int runs = stats.runs();
        if (runs < 2 || stats.censored() > 0 || stats.mfptIsLowerBound() || stats.mfpt() == null
                || survival.isEmpty() || survival.get(survival.size() - 1) != 0.0) {
            return null;
        }
        double mean = 0.0;
        double second = 0.0;
        for (int t = 0; t < survival.size(); t++) {
            mean += survival.get(t);
            second += (2.0 * t + 1.0) * survival.get(t);
        }
        double variance = Math.max(0.0, second - mean * mean) * runs / (runs - 1.0);
        double t = new TDistribution(null, runs - 1).inverseCumulativeProbability(1.0 - (1.0 - confidence) / 2.0);
        double half = t * Math.sqrt(variance / runs);
        return new MfptRange(stats.mfpt(), stats.mfpt() - half, stats.mfpt() + half);
    }

    /**
     * An arm some of whose runs ended without passing: its MFPT is at least {@code lowerBound} (infinite
     * when none passed), with no upper end.
     */
    static MfptRange atLeast(Double lowerBound) {
        double low = lowerBound == null ? Double.POSITIVE_INFINITY : lowerBound;
        return new MfptRange(Double.POSITIVE_INFINITY, low, Double.POSITIVE_INFINITY);
    }

    Verdict against(MfptRange other) {
        if (high < other.low) {
            return Verdict.BETTER;
        }
        if (low > other.high) {
            return Verdict.WORSE;
        }
        return Verdict.UNDECIDED;
    }

    /** "16.5 epochs [14.0, 19.0]", "at least 40.0 epochs", or "no finite MFPT". */
    String text() {
        if (!Double.isFinite(mfpt)) {
            return Double.isFinite(low) ? String.format(Locale.ROOT, "at least %.1f epochs", low) : "no finite MFPT";
        }
        String value = String.format(Locale.ROOT, "%.1f epochs", mfpt);
        return low == mfpt && high == mfpt ? value : value + String.format(Locale.ROOT, " [%.1f, %.1f]", low, high);
    }
}
