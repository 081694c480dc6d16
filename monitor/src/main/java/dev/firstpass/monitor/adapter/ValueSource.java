package dev.firstpass.monitor.adapter;

/**
 * Where an adapter takes a text value of an epoch event from (run id, experiment, arm).
 *
 * <p>A lookup reads the record itself: a dotted path for JSON, a tag key for line protocol. A
 * constant gives every event the same value; the record key is useful where producers already key
 * their records by run, as Telegraf's Kafka output does with its routing tag.
 *
 * @param kind where the value comes from
 * @param name the path or tag for {@link Kind#LOOKUP}, the value for {@link Kind#CONSTANT}, null for
 *     {@link Kind#RECORD_KEY}
 */
public record ValueSource(Kind kind, String name) {

    /** The three places a value can come from. */
    public enum Kind {
        LOOKUP,
        CONSTANT,
        RECORD_KEY
    }

    static final String KEY_SETTING = "key";
    static final String CONSTANT_PREFIX = "const:";

    public ValueSource {
        if (kind == null) {
            throw new IllegalArgumentException("a value source needs a kind");
        }
        if (kind == Kind.RECORD_KEY && name != null) {
            throw new IllegalArgumentException("the record key source takes no name: " + Rejections.show(name));
        }
        if (kind != Kind.RECORD_KEY && (name == null || name.isBlank())) {
            throw new IllegalArgumentException(kind == Kind.LOOKUP
                    ? "a lookup needs a non-blank path or tag: " + Rejections.show(name)
                    : "a constant must not be blank: " + Rejections.show(name));
        }
    }

    /** The value at this path (JSON) or in this tag (line protocol). */
    public static ValueSource lookup(String pathOrTag) {
        return new ValueSource(Kind.LOOKUP, pathOrTag);
    }

    /** The same value for every event. */
    public static ValueSource constant(String value) {
        return new ValueSource(Kind.CONSTANT, value);
    }

    /** The record key, read as UTF-8 text. */
    public static ValueSource recordKey() {
        return new ValueSource(Kind.RECORD_KEY, null);
    }

    /**
     * Reads the setting form: {@code key}, {@code const:VALUE}, {@code LOOKUP_PREFIX:NAME} (for a
     * path or tag that is itself called "key" or starts with "const:"), or a bare path or tag.
     *
     * @throws IllegalArgumentException when the setting is blank or names no constant or lookup
     */
    static ValueSource parse(String setting, String lookupPrefix) {
        if (setting == null || setting.isBlank()) {
            throw new IllegalArgumentException("blank");
        }
        if (setting.equals(KEY_SETTING)) {
            return recordKey();
        }
        if (setting.startsWith(CONSTANT_PREFIX)) {
            return constant(setting.substring(CONSTANT_PREFIX.length()));
        }
        if (setting.startsWith(lookupPrefix)) {
            return lookup(setting.substring(lookupPrefix.length()));
        }
        return lookup(setting);
    }
}
