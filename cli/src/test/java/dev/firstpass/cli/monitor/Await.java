package dev.firstpass.cli.monitor;

import dev.firstpass.monitor.query.QueriesUnavailableException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Waiting for a running monitor in tests: polls a probe until it answers, tolerating rebalances. */
public final class Await {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(100);
    /** Longer than a few statistics intervals of the tests, so a pending analysis would have shown. */
    private static final Duration SETTLE = Duration.ofMillis(2500);

    private Await() {
    }

    /** The probe's first answer. */
    public static <T> T present(String what, Supplier<Optional<T>> probe) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> value = poll(probe);
            if (value.isPresent()) {
                return value.get();
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new AssertionError("timed out after " + PATIENCE.toSeconds() + " s waiting for " + what);
    }

    /** An answer of the probe that is still the same answer a while later. */
    public static <T> T stable(String what, Supplier<Optional<T>> probe) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            T first = present(what, probe);
            Thread.sleep(SETTLE.toMillis());
            Optional<T> again = poll(probe);
            if (again.isPresent() && again.get().equals(first)) {
                return first;
            }
        }
        throw new AssertionError("timed out after " + PATIENCE.toSeconds() + " s waiting for a settled " + what);
    }

    private static <T> Optional<T> poll(Supplier<Optional<T>> probe) {
        try {
            return probe.get();
        } catch (QueriesUnavailableException notYet) {
            // Starting or rebalancing.
            return Optional.empty();
        }
    }
}
