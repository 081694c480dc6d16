package dev.firstpass.monitor.run;

/**
 * A run's first passage of one target so far.
 *
 * @param target the threshold
 * @param epoch the first epoch at or past it, or null while it has not been reached
 */
public record TargetPassage(double target, Integer epoch) {
}
