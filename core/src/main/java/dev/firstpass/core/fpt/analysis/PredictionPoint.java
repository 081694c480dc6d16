package dev.firstpass.core.fpt.analysis;

/**
 * The predicted MFPT at one period with its bootstrap interval; {@code valid} is false below the
 * validity range (tau < max(t_QSS, t_rel)) or when the data cannot support a number there.
 */
public record PredictionPoint(int tau, double mfpt, Interval interval, boolean valid, double extrapolatedShare) {
}
