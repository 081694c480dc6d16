package dev.firstpass.monitor.adapter;

import dev.firstpass.core.protocol.InvalidRecordException;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the reasons one record is rejected, so a bad producer sees all of them in one round trip.
 */
final class Rejections {

    // Long enough to recognise the value, short enough that one bad record cannot flood a log line or
    // a dead-letter header.
    private static final int SHOWN_CHARS = 80;

    private final List<String> reasons = new ArrayList<>();

    void add(String reason) {
        reasons.add(reason);
    }

    void addAll(List<String> more) {
        reasons.addAll(more);
    }

    List<String> reasons() {
        return List.copyOf(reasons);
    }

    boolean isEmpty() {
        return reasons.isEmpty();
    }

    void throwIfAny() {
        if (!reasons.isEmpty()) {
            throw new InvalidRecordException(reasons);
        }
    }

    static InvalidRecordException single(String reason) {
        return new InvalidRecordException(List.of(reason));
    }

    /** Text quoted for a message, cut short when long. */
    static String show(String text) {
        return text == null ? "null" : cut('"' + text + '"');
    }

    /** Text shown as it was written in the record (a JSON value, a line-protocol token), cut short. */
    static String cut(String written) {
        return written.length() <= SHOWN_CHARS ? written : written.substring(0, SHOWN_CHARS) + "...";
    }
}
