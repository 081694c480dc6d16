package dev.firstpass.monitor.deadletter;

import java.util.Locale;

/** Why a record went to the dead-letter topic, coarsely: one counter per kind. */
public enum DeadLetterKind {
    /** Not JSON, or not a JSON object (FirstPass's own events and the json adapter). */
    MALFORMED_JSON,
    /** A {@code schema} version this code does not read. */
    UNSUPPORTED_SCHEMA,
    /**
     * A record that breaks a rule of the protocol or of the input adapter (a missing field, an epoch of
     * 0, a malformed line of line protocol, ...).
     */
    INVALID_RECORD,
    /** The record key is not the message's run id, so the run's records would not stay ordered. */
    KEY_MISMATCH,
    /** A second, different value for an epoch already seen in the same segment. */
    CONFLICTING_VALUE,
    /** An epoch event without the metric the monitor measures. */
    MISSING_METRIC,
    /** A message that moves a run to another experiment or arm. */
    INCONSISTENT_RUN;

    /** The lower-case, hyphenated name used in metrics, e.g. "malformed-json". */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
