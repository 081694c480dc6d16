package dev.firstpass.core.protocol;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message, or a record built in code, broke a rule of the protocol.
 *
 * <p>Carries every problem found, not only the first, so a bad producer is fixed in one round trip.
 * Each violation names the field, the rule and the offending value.
 */
public final class InvalidRecordException extends IllegalArgumentException {

    // Keyed by field path so that problems found while reading JSON and those found by a record's own
    // checks can be merged with each field reported once.
    private final Map<String, String> byPath;
    private final List<String> violations;

    /** Reports the given violations, in order; there must be at least one. */
    public InvalidRecordException(List<String> violations) {
        this(keyedBySelf(violations));
    }

    InvalidRecordException(Map<String, String> byPath) {
        super(listed(byPath.values()));
        if (byPath.isEmpty()) {
            throw new IllegalArgumentException("an InvalidRecordException needs at least one violation");
        }
        this.byPath = Collections.unmodifiableMap(new LinkedHashMap<>(byPath));
        this.violations = List.copyOf(byPath.values());
    }

    /**
     * Every problem found, in the order found; the message joins the first
     * {@value InputLimits#MAX_LISTED_PROBLEMS} with "; " and counts the rest.
     */
    public List<String> violations() {
        return violations;
    }

    Map<String, String> byPath() {
        return byPath;
    }

    // A record of thousands of bad fields would otherwise make a reason as large as itself, too large
    // for a log line or a dead-letter header.
    private static String listed(Collection<String> violations) {
        if (violations.size() <= InputLimits.MAX_LISTED_PROBLEMS) {
            return String.join("; ", violations);
        }
        List<String> first = violations.stream().limit(InputLimits.MAX_LISTED_PROBLEMS).toList();
        int more = violations.size() - first.size();
        return String.join("; ", first) + "; and " + more + " more problem" + (more == 1 ? "" : "s");
    }

    private static Map<String, String> keyedBySelf(List<String> violations) {
        Map<String, String> keyed = new LinkedHashMap<>();
        violations.forEach(v -> keyed.put(v, v));
        return keyed;
    }
}
