package dev.firstpass.monitor.adapter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One parsed line of line protocol, names and values unescaped.
 *
 * @param measurement the measurement
 * @param tags tag key to value, in written order
 * @param fields field key to field, in written order
 * @param timestamp the timestamp in the configured precision, or null when the line has none
 * @param timestampColumn the column where the timestamp starts, for messages; 0 without one
 */
record LinePoint(
        String measurement,
        Map<String, String> tags,
        Map<String, LineField> fields,
        Long timestamp,
        int timestampColumn) {

    LinePoint {
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
