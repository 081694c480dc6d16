package dev.firstpass.monitor.adapter;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Parses one line of InfluxDB line protocol into a {@link LinePoint}, or says exactly where it fails.
 *
 * <p>Follows the escaping rules of the line-protocol reference: a backslash escapes comma and space
 * in a measurement; comma, equals sign and space in tag keys, tag values and field keys; double
 * quote and backslash in string field values. Anywhere else a backslash is an ordinary character, as
 * InfluxDB's own parser reads it. Columns count characters from 1.
 */
final class LineParser {

    /** What parsing one line gave: a point, a line skipped for its measurement, or a problem. */
    record Parsed(LinePoint point, String problem) {

        static final Parsed SKIPPED = new Parsed(null, null);

        boolean skipped() {
            return point == null && problem == null;
        }
    }

    private static final String MEASUREMENT_ESCAPES = ", ";
    private static final String KEY_ESCAPES = ",= ";
    private static final Set<String> TRUE = Set.of("t", "T", "true", "True", "TRUE");
    private static final Set<String> FALSE = Set.of("f", "F", "false", "False", "FALSE");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
    private static final Pattern UNSIGNED = Pattern.compile("[0-9]+");
    // Possessive quantifiers: the plain form ([0-9]+\.?[0-9]* ...) backtracks over every way to split a
    // run of digits, so a 40,000-digit token that is not a float held a stream thread for a minute.
    private static final Pattern FLOAT =
            Pattern.compile("-?+(?:[0-9]++(?:\\.[0-9]*+)?+|\\.[0-9]++)(?:[eE][-+]?+[0-9]++)?+");
    private static final BigInteger MAX_UNSIGNED = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final int MAX_UNSIGNED_DIGITS = MAX_UNSIGNED.toString().length();

    private final String line;
    private int at;

    private LineParser(String line) {
        this.line = line;
    }

    /**
     * Parses a line that is neither blank nor a comment. A line whose measurement is not wanted is
     * skipped before the rest is read, so a malformed point of some other measurement does not cost
     * the record.
     */
    static Parsed parse(String line, Predicate<String> wantedMeasurement) {
        try {
            return new LineParser(line).point(wantedMeasurement);
        } catch (Failure failure) {
            return new Parsed(null, failure.getMessage());
        }
    }

    /** Whether a line holds no point: empty, only spaces and tabs, or a comment. */
    static boolean holdsNoPoint(String line) {
        LineParser parser = new LineParser(line);
        parser.skipIndent();
        return parser.atEnd() || parser.peek() == '#';
    }

    private Parsed point(Predicate<String> wantedMeasurement) {
        skipIndent();
        int start = at;
        String measurement = escaped(MEASUREMENT_ESCAPES, MEASUREMENT_ESCAPES);
        if (measurement.isEmpty()) {
            throw fail("missing measurement", start);
        }
        if (!wantedMeasurement.test(measurement)) {
            return Parsed.SKIPPED;
        }
        Map<String, String> tags = new LinkedHashMap<>();
        while (peek() == ',') {
            at++;
            tag(tags);
        }
        skipSpaces();
        if (atEnd()) {
            throw fail("missing field set", at);
        }
        Map<String, LineField> fields = fields();
        skipSpaces();
        if (atEnd()) {
            return new Parsed(new LinePoint(measurement, tags, fields, null, 0), null);
        }
        int timestampStart = at;
        Long timestamp = timestamp();
        return new Parsed(new LinePoint(measurement, tags, fields, timestamp, column(timestampStart)), null);
    }

    private void tag(Map<String, String> tags) {
        int keyStart = at;
        String key = escaped(KEY_ESCAPES, KEY_ESCAPES);
        if (key.isEmpty()) {
            throw fail("missing tag key", keyStart);
        }
        if (peek() != '=') {
            throw fail("missing '=' after tag key " + quoted(key), at);
        }
        at++;
        int valueStart = at;
        String value = escaped(KEY_ESCAPES, KEY_ESCAPES);
        if (peek() == '=') {
            throw fail("unescaped '=' in value of tag " + quoted(key), at);
        }
        if (value.isEmpty()) {
            throw fail("missing value for tag " + quoted(key), valueStart);
        }
        if (tags.putIfAbsent(key, value) != null) {
            throw fail("duplicate tag key " + quoted(key), keyStart);
        }
    }

    private Map<String, LineField> fields() {
        Map<String, LineField> fields = new LinkedHashMap<>();
        while (true) {
            int keyStart = at;
            String key = escaped(KEY_ESCAPES, KEY_ESCAPES);
            if (key.isEmpty()) {
                throw fail("missing field key", keyStart);
            }
            if (peek() != '=') {
                throw fail("missing '=' after field key " + quoted(key), at);
            }
            at++;
            LineField field = fieldValue(key);
            if (fields.putIfAbsent(key, field) != null) {
                throw fail("duplicate field key " + quoted(key), keyStart);
            }
            if (peek() != ',') {
                return fields;
            }
            at++;
        }
    }

    private LineField fieldValue(String key) {
        int start = at;
        if (atEnd() || peek() == ' ' || peek() == ',') {
            throw fail("missing value for field " + quoted(key), start);
        }
        LineField field = peek() == '"' ? string(start) : bare(key, start);
        if (!atEnd() && peek() != ' ' && peek() != ',') {
            throw fail("unexpected character '" + peek() + "' after value of field " + quoted(key), at);
        }
        return field;
    }

    private LineField string(int start) {
        StringBuilder text = new StringBuilder();
        at++;
        while (at < line.length()) {
            char c = line.charAt(at);
            if (c == '\\' && at + 1 < line.length() && (line.charAt(at + 1) == '"' || line.charAt(at + 1) == '\\')) {
                text.append(line.charAt(at + 1));
                at += 2;
            } else if (c == '"') {
                at++;
                return new LineField(LineField.Kind.STRING, line.substring(start, at), text.toString());
            } else {
                text.append(c);
                at++;
            }
        }
        throw fail("unterminated string field value", start);
    }

    private LineField bare(String key, int start) {
        while (!atEnd() && peek() != ' ' && peek() != ',') {
            at++;
        }
        String token = line.substring(start, at);
        if (TRUE.contains(token) || FALSE.contains(token)) {
            return new LineField(LineField.Kind.BOOLEAN, token, TRUE.contains(token));
        }
        String digits = token.substring(0, token.length() - 1);
        if (token.endsWith("i") && INTEGER.matcher(digits).matches()) {
            try {
                return new LineField(LineField.Kind.INTEGER, token, Long.parseLong(digits));
            } catch (NumberFormatException tooLarge) {
                throw fail("integer value of field " + quoted(key) + " out of range", start, token);
            }
        }
        if (token.endsWith("u") && UNSIGNED.matcher(digits).matches()) {
            // Sized before it is read: BigInteger reads a million digits in seconds, and 2^64 - 1 has 20.
            int first = 0;
            while (first < digits.length() - 1 && digits.charAt(first) == '0') {
                first++;
            }
            String significant = digits.substring(first);
            BigInteger value = significant.length() > MAX_UNSIGNED_DIGITS ? null : new BigInteger(significant);
            if (value == null || value.compareTo(MAX_UNSIGNED) > 0) {
                throw fail("unsigned value of field " + quoted(key) + " out of range", start, token);
            }
            return new LineField(LineField.Kind.UNSIGNED, token, value);
        }
        if (FLOAT.matcher(token).matches()) {
            double value = Double.parseDouble(token);
            if (Double.isInfinite(value)) {
                throw fail("float value of field " + quoted(key) + " out of range", start, token);
            }
            return new LineField(LineField.Kind.FLOAT, token, value);
        }
        throw fail("value of field " + quoted(key) + " is not a float, integer, unsigned integer, boolean or string",
                start, token);
    }

    private Long timestamp() {
        int start = at;
        while (!atEnd() && peek() != ' ') {
            at++;
        }
        String token = line.substring(start, at);
        if (!INTEGER.matcher(token).matches()) {
            throw fail("invalid timestamp", start, token);
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(token);
        } catch (NumberFormatException tooLarge) {
            throw fail("timestamp out of range", start, token);
        }
        skipSpaces();
        if (!atEnd()) {
            throw fail("unexpected text after timestamp", at, line.substring(at));
        }
        return timestamp;
    }

    // Reads up to the first unescaped character of `ends`, unescaping the characters in `escapes`.
    private String escaped(String ends, String escapes) {
        StringBuilder text = new StringBuilder();
        while (at < line.length()) {
            char c = line.charAt(at);
            if (c == '\\' && at + 1 < line.length() && escapes.indexOf(line.charAt(at + 1)) >= 0) {
                text.append(line.charAt(at + 1));
                at += 2;
                continue;
            }
            if (ends.indexOf(c) >= 0) {
                break;
            }
            text.append(c);
            at++;
        }
        return text.toString();
    }

    // Indented lines are accepted, as InfluxDB accepts them; between parts only spaces separate.
    private void skipIndent() {
        while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
            at++;
        }
    }

    private void skipSpaces() {
        while (!atEnd() && peek() == ' ') {
            at++;
        }
    }

    private boolean atEnd() {
        return at >= line.length();
    }

    // A character no line can hold stands for the end, so callers need not check atEnd() first.
    private char peek() {
        return atEnd() ? '\n' : line.charAt(at);
    }

    private int column(int index) {
        return line.codePointCount(0, index) + 1;
    }

    // Keys are as long as the line allows; a message quotes only enough to find one.
    private static String quoted(String key) {
        return "'" + Rejections.cut(key) + "'";
    }

    private Failure fail(String problem, int index) {
        return new Failure(problem + " at column " + column(index));
    }

    private Failure fail(String problem, int index, String written) {
        return new Failure(problem + " at column " + column(index) + ": " + Rejections.cut(written));
    }

    /** Ends the parse of one line; carries the finished message, so no stack trace is needed. */
    private static final class Failure extends RuntimeException {

        Failure(String message) {
            super(message, null, false, false);
        }
    }
}
