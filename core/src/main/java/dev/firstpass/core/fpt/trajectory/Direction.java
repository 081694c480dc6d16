package dev.firstpass.core.fpt.trajectory;

import java.util.Locale;

/** Which way a metric improves: accuracy and SSIM go up, losses go down. */
public enum Direction {
    /** The target is reached when the metric is at or above it. */
    MAX,
    /** The target is reached when the metric is at or below it. */
    MIN;

    /**
     * True when {@code value} is at or past {@code threshold}. Non-finite values never reach a target:
     * a loss of -Infinity or an accuracy of +Infinity is a broken run, not a success.
     */
    public boolean reached(double value, double threshold) {
        return Double.isFinite(value) && (this == MAX ? value >= threshold : value <= threshold);
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses "max" or "min", in any case, naming the accepted values when the input is neither. Every
     * option and setting that names a direction reads it here, so all of them accept the same names.
     */
    public static Direction parse(String text) {
        String normalized = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (normalized) {
            case "max" -> MAX;
            case "min" -> MIN;
            default -> throw new IllegalArgumentException(
                    "direction must be 'max' (higher is better) or 'min' (lower is better): '" + text + "'");
        };
    }
}
