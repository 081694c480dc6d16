package dev.firstpass.cli.report;

import dev.firstpass.core.fpt.analysis.Interval;
import dev.firstpass.core.fpt.trajectory.Direction;
import dev.firstpass.core.fpt.trajectory.Target;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * How numbers read in the table and HTML reports: epochs with one decimal, hazards with three
 * significant digits, errors as signed percentages; "inf" and "n/a" for what is not a finite number.
 */
public final class Formats {
    private Formats() {
    }

    /** A time in epochs ("45.2"); "inf" for never, "n/a" when unknown. */
    public static String epochs(double value) {
        if (!Double.isFinite(value)) {
            return nonFinite(value);
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** "[41.0, 50.3]", or "n/a" when no interval could be resampled. */
    public static String interval(Interval interval) {
        if (Double.isNaN(interval.low()) && Double.isNaN(interval.high())) {
            return "n/a";
        }
        return "[" + epochs(interval.low()) + ", " + epochs(interval.high()) + "]";
    }

    /** An interval of periods: whole numbers as such ("[8, 12]"), interpolated percentiles with a decimal. */
    public static String periodInterval(Interval interval) {
        if (Double.isNaN(interval.low()) && Double.isNaN(interval.high())) {
            return "n/a";
        }
        return "[" + period(interval.low()) + ", " + period(interval.high()) + "]";
    }

    private static String period(double value) {
        return Double.isFinite(value) && value == Math.rint(value) ? String.valueOf((long) value) : epochs(value);
    }

    /** A probability per epoch with three significant digits ("0.0123"). */
    public static String hazard(double value) {
        if (!Double.isFinite(value)) {
            return nonFinite(value);
        }
        if (value == 0.0) {
            return "0";
        }
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** A dimensionless ratio such as a CV, with two decimals. */
    public static String ratio(double value) {
        if (!Double.isFinite(value)) {
            return nonFinite(value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** A relative error as a signed percentage ("+3.2%"). */
    public static String signedPercent(double fraction) {
        if (!Double.isFinite(fraction)) {
            return nonFinite(fraction);
        }
        return String.format(Locale.ROOT, "%+.1f%%", 100.0 * fraction);
    }

    /** A share as a percentage ("2.1%"). */
    public static String percent(double fraction) {
        if (!Double.isFinite(fraction)) {
            return nonFinite(fraction);
        }
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * fraction);
    }

    /** A threshold as typed, without a trailing ".0" ("55", "0.25"). */
    public static String threshold(double value) {
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    /** "test_ACC >= 55". */
    public static String target(String metric, Target target) {
        return metric + (target.direction() == Direction.MAX ? " >= " : " <= ") + threshold(target.threshold());
    }

    /** "1 epoch", "10 epochs". */
    public static String epochCount(int epochs) {
        return epochs + (epochs == 1 ? " epoch" : " epochs");
    }

    private static String nonFinite(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return value > 0 ? "inf" : "-inf";
    }
}
