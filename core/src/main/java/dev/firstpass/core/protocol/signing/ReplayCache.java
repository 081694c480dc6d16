package dev.firstpass.core.protocol.signing;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The ids of accepted commands, each remembered until it expires, with at most {@code capacity} held.
 *
 * <p>Not thread-safe; {@link CommandVerifier} guards it.
 */
final class ReplayCache {

    private record Seen(String id, Instant expiry) {
    }

    private final int capacity;
    private final Map<String, Instant> expiries = new HashMap<>();
    private final PriorityQueue<Seen> byExpiry = new PriorityQueue<>(Comparator.comparing(Seen::expiry));

    ReplayCache(int capacity) {
        this.capacity = capacity;
    }

    /** The expiry of {@code id} if it is remembered at {@code now}. */
    Instant remembered(String id, Instant now) {
        purge(now);
        return expiries.get(id);
    }

    /** Remembers {@code id} until {@code expiry}; when full, forgets the id closest to its own expiry. */
    void remember(String id, Instant expiry, Instant now) {
        purge(now);
        while (expiries.size() >= capacity && !byExpiry.isEmpty()) {
            Seen oldest = byExpiry.poll();
            expiries.remove(oldest.id());
        }
        expiries.put(id, expiry);
        byExpiry.add(new Seen(id, expiry));
    }

    /** Ids remembered at {@code now}. */
    int size(Instant now) {
        purge(now);
        return expiries.size();
    }

    // An entry is kept through its expiry instant: a copy arriving exactly then is still inside the window.
    private void purge(Instant now) {
        while (!byExpiry.isEmpty() && byExpiry.peek().expiry().isBefore(now)) {
            expiries.remove(byExpiry.poll().id());
        }
    }
}
