package dev.firstpass.core.protocol;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.List;

/**
 * The bounds every reader of outside input holds a record to, so that no record costs unbounded time
 * or memory, and every breach is rejected with the limit and the offending size.
 *
 * <p>docs/limits.md lists each limit with where it is enforced and what a breach does. The numbers are
 * generous for real trainers (a few ids, tens of metrics, records of a few KiB) and small enough that
 * one hostile record cannot stall a stream thread or fill its heap.
 */
public final class InputLimits {

    /** The largest record read, in UTF-8 bytes: Kafka's default largest message. */
    public static final int MAX_RECORD_BYTES = 1 << 20;
    /** The most metrics one epoch event may carry. */
    public static final int MAX_METRICS = 1_000;
    /** The longest run_id, experiment or arm, in characters. */
    public static final int MAX_ID_CHARS = 256;
    /**
     * The longest command_id, in characters: room for the controller's deterministic ids, which join the
     * experiment and the run id, percent-encoded where they hold a slash (up to 12 characters for one
     * character of 4 UTF-8 bytes), with the command number and action.
     */
    public static final int MAX_COMMAND_ID_CHARS = 8_192;
    /** The longest metric name, in characters. */
    public static final int MAX_METRIC_NAME_CHARS = 128;
    /**
     * The deepest nesting of JSON objects and arrays. Messages nest three deep; foreign JSON read
     * through a field mapping rarely more than ten.
     */
    public static final int MAX_JSON_DEPTH = 64;
    /**
     * The longest JSON string value or property name, in characters: the record's size, so that only the
     * record limit bounds them, and the fields where length matters (ids, metric names) are checked by
     * the message's own rules. A smaller bound here would not be exact: Jackson checks it as its buffer
     * grows, so the length it reports depends on the buffer, and digits of a long number count against
     * the string bound too.
     */
    public static final int MAX_JSON_STRING_CHARS = MAX_RECORD_BYTES;
    /**
     * The most digits of a JSON number. A double needs at most 17 significant digits, a 64-bit integer
     * 20; more only cost time to read (big-number parsing grows faster than linearly).
     */
    public static final int MAX_JSON_NUMBER_DIGITS = 100;
    /** The longest line of a recorded run (CSV or JSON lines), in UTF-8 bytes: a JSON line is one record. */
    public static final int MAX_LINE_BYTES = MAX_RECORD_BYTES;
    /** The most problems a rejection's message lists; the rest are counted, so a reason stays short. */
    public static final int MAX_LISTED_PROBLEMS = 20;

    private static final StreamReadConstraints JSON_READ_CONSTRAINTS = StreamReadConstraints.builder()
            .maxDocumentLength(MAX_RECORD_BYTES)
            .maxNestingDepth(MAX_JSON_DEPTH)
            .maxStringLength(MAX_JSON_STRING_CHARS)
            .maxNameLength(MAX_JSON_STRING_CHARS)
            .maxNumberLength(MAX_JSON_NUMBER_DIGITS)
            .build();

    private InputLimits() {
    }

    /** The Jackson read constraints every mapper that reads outside JSON is built with. */
    public static StreamReadConstraints jsonReadConstraints() {
        return JSON_READ_CONSTRAINTS;
    }

    /**
     * Rejects a record value larger than {@link #MAX_RECORD_BYTES}, before any of it is parsed.
     *
     * @throws InvalidRecordException "record must be at most 1048576 bytes: " and the size
     */
    public static void requireRecordSize(byte[] record) {
        if (record.length > MAX_RECORD_BYTES) {
            throw tooLarge(record.length);
        }
    }

    /** As {@link #requireRecordSize(byte[])}, for a record given as text: its size is its UTF-8 length. */
    public static void requireRecordSize(String record) {
        // Each char encodes to at most 3 bytes, so only long texts need counting.
        if ((long) record.length() * 3 <= MAX_RECORD_BYTES) {
            return;
        }
        long bytes = utf8Length(record);
        if (bytes > MAX_RECORD_BYTES) {
            throw tooLarge(bytes);
        }
    }

    /**
     * The reason for JSON that breaks one of the Jackson constraints, in words of its own rather than
     * as malformed JSON: the JSON may be well formed, only too large to be read. Begins with "JSON
     * beyond a limit".
     */
    public static String reason(StreamConstraintsException e) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? ""
                : " at line " + at.getLineNr() + " column " + at.getColumnNr();
        // Jackson names its getter ("from `StreamReadConstraints.getMaxNestingDepth()`"); the limit and
        // the value are what a producer needs.
        String what = String.valueOf(e.getOriginalMessage()).replaceAll(", from `[^`]*`", "");
        return "JSON beyond a limit" + where + ": " + what;
    }

    /** The text's length in characters (code points) when over {@code max}, else -1; cheap for short text. */
    static int lengthOver(String text, int max) {
        if (text.length() <= max) {
            return -1;
        }
        int chars = text.codePointCount(0, text.length());
        return chars > max ? chars : -1;
    }

    private static InvalidRecordException tooLarge(long bytes) {
        return new InvalidRecordException(List.of("record must be at most " + MAX_RECORD_BYTES + " bytes: " + bytes));
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                // Three bytes, also for a lone surrogate, which has no UTF-8 form: the bound only needs an upper count.
                bytes += 3;
            }
        }
        return bytes;
    }
}
