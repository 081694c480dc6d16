package dev.firstpass.core.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Immutable copies that keep insertion order.
 *
 * <p>{@code Map.copyOf} would lose the order in which a trainer reported its metrics, which readers of
 * dashboards and reports rely on.
 */
final class OrderedCopies {

    private OrderedCopies() {
    }

    /** An unmodifiable, order-keeping copy; null becomes an empty map. */
    static <V> Map<String, V> of(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
