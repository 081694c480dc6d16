package dev.firstpass.monitor;

import dev.firstpass.monitor.query.QueriesUnavailableException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls a probe until it yields a value; stores that are starting or restoring count as "not yet". */
final class Eventually {

    private Eventually() {
    }

    static <T> T await(String what, Duration patience, Supplier<Optional<T>> probe) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Optional<T> value = probe.get();
                if (value.isPresent()) {
                    return value.get();
                }
            } catch (QueriesUnavailableException notYet) {
                // starting, rebalancing or restoring
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
