package dev.firstpass.sink;

import java.time.Duration;

/**
 * Exponential backoff between attempts: the initial wait, doubled after each further failure, never more
 * than the maximum; back to the initial wait after a success.
 */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private int failures;

    Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max: " + initial + ", " + max);
        }
        this.initial = initial;
        this.max = max;
    }

    /** The wait after one more failure. */
    Duration next() {
        // Capped before shifting: beyond 2^30 times the initial wait the maximum has long been reached.
        int doublings = Math.min(failures, 30);
        failures++;
        Duration wait = initial.multipliedBy(1L << doublings);
        return wait.compareTo(max) > 0 ? max : wait;
    }

    void reset() {
        failures = 0;
    }

    /** Failures since the last success. */
    int failures() {
        return failures;
    }
}
