package dev.firstpass.sink;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes one point as a line of InfluxDB line protocol, with exact escaping.
 *
 * <p>Escaping follows the line-protocol reference: comma and space in the measurement; comma, equals
 * sign and space in tag keys, tag values and field keys; double quote and backslash in string field
 * values. Line breaks and tabs cannot appear raw in a line, so they are written as the two characters
 * {@code \n}, {@code \r}, {@code \t}. InfluxDB reads a backslash in a name literally unless it precedes
 * an escaped character, so a backslash that would otherwise escape the next character (or the
 * separator after the name) is doubled; such a name is stored with the doubled backslash, but the line
 * stays readable.
 *
 * <p>Tags are written sorted by key in byte order, as InfluxDB recommends; fields in the order they were
 * added, a repeated key keeping its first position and its last value. What InfluxDB would refuse is left
 * out and counted instead of spoiling the whole point: non-finite numbers (InfluxDB has no NaN or
 * infinity), the reserved key {@code time}, and empty keys. A tag with a null or empty value is left out
 * silently (InfluxDB has no empty tag values; an absent arm is simply no arm), and so is a field whose
 * value is null (unknown).
 */
public final class LineProtocol {

    private static final String MEASUREMENT_SPECIALS = ", ";
    private static final String KEY_SPECIALS = ",= ";
    // Go's bytes.Compare on UTF-8 is code-point order; String.compareTo (UTF-16 units) differs above U+FFFF.
    private static final Comparator<String> BYTE_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private final String measurement;
    private final Map<String, String> tags = new TreeMap<>(BYTE_ORDER);
    private final Map<String, String> fields = new LinkedHashMap<>();
    private int leftOut;

    private LineProtocol(String measurement) {
        if (measurement == null || measurement.isEmpty()) {
            throw new IllegalArgumentException("a point needs a measurement: '" + measurement + "'");
        }
        this.measurement = measurement;
    }

    /** Starts a point of {@code measurement}. */
    public static LineProtocol measurement(String measurement) {
        return new LineProtocol(measurement);
    }

    /** Adds a tag; a null or empty value leaves it out. */
    public LineProtocol tag(String key, String value) {
        if (value == null || value.isEmpty()) {
            return this;
        }
        if (refused(key)) {
            return this;
        }
        tags.put(key, value);
        return this;
    }

    /** Adds a float field; NaN and infinities are left out and counted. */
    public LineProtocol field(String key, double value) {
        if (!Double.isFinite(value)) {
            leftOut++;
            return this;
        }
        return put(key, Double.toString(value).replace('E', 'e'));
    }

    /** Adds a float field unless {@code value} is null; non-finite values are left out and counted. */
    public LineProtocol field(String key, Double value) {
        return value == null ? this : field(key, value.doubleValue());
    }

    /** Adds an integer field, written with InfluxDB's {@code i} suffix. */
    public LineProtocol field(String key, long value) {
        return put(key, value + "i");
    }

    /** Adds an integer field unless {@code value} is null. */
    public LineProtocol field(String key, Integer value) {
        return value == null ? this : field(key, value.longValue());
    }

    public LineProtocol field(String key, boolean value) {
        return put(key, Boolean.toString(value));
    }

    /** Adds a string field unless {@code value} is null. */
    public LineProtocol field(String key, String value) {
        return value == null ? this : put(key, quoted(value));
    }

    /**
     * The line with its timestamp in nanoseconds, or empty when no field is left: InfluxDB refuses a
     * point without fields.
     */
    public Optional<Line> at(Instant time) {
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder line = new StringBuilder(64);
        escape(line, measurement, MEASUREMENT_SPECIALS);
        tags.forEach((key, value) -> {
            line.append(',');
            escape(line, key, KEY_SPECIALS);
            line.append('=');
            escape(line, value, KEY_SPECIALS);
        });
        char separator = ' ';
        for (Map.Entry<String, String> field : fields.entrySet()) {
            line.append(separator);
            escape(line, field.getKey(), KEY_SPECIALS);
            line.append('=').append(field.getValue());
            separator = ',';
        }
        line.append(' ').append(nanos(time));
        return Optional.of(new Line(line.toString(), leftOut));
    }

    /** Values and keys left out so far because InfluxDB would refuse them. */
    public int leftOut() {
        return leftOut;
    }

    /** Nanoseconds since the epoch, the precision the sink writes with. */
    static long nanos(Instant time) {
        return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L), time.getNano());
    }

    private LineProtocol put(String key, String encoded) {
        if (refused(key)) {
            return this;
        }
        fields.put(key, encoded);
        return this;
    }

    // InfluxDB rejects the whole point for a key named "time", and has no empty keys.
    private boolean refused(String key) {
        if (key == null || key.isEmpty() || key.equals("time")) {
            leftOut++;
            return true;
        }
        return false;
    }

    private static void escape(StringBuilder out, String name, String specials) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> {
                    boolean escapesNext = i + 1 == name.length() || specials.indexOf(name.charAt(i + 1)) >= 0
                            || name.charAt(i + 1) == '\\';
                    out.append(escapesNext ? "\\\\" : "\\");
                }
                default -> {
                    if (specials.indexOf(c) >= 0) {
                        out.append('\\');
                    }
                    out.append(c);
                }
            }
        }
    }

    private static String quoted(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                // Raw line breaks would end the line; the value keeps them as visible escapes.
                case '\n' -> out.append("\\\\n");
                case '\r' -> out.append("\\\\r");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
