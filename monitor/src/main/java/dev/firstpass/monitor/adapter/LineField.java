package dev.firstpass.monitor.adapter;

import java.math.BigInteger;

/**
 * One field of a line-protocol point: its type, its value, and the token as written.
 *
 * @param kind the line-protocol type
 * @param written the value as it appears in the line, for messages
 * @param value a {@link Double}, {@link Long}, {@link BigInteger} (unsigned), {@link Boolean} or
 *     {@link String}, by kind
 */
record LineField(Kind kind, String written, Object value) {

    /** The five field types of line protocol. */
    enum Kind {
        FLOAT,
        INTEGER,
        UNSIGNED,
        BOOLEAN,
        STRING
    }

    boolean isNumber() {
        return value instanceof Number;
    }

    double number() {
        return ((Number) value).doubleValue();
    }
}
