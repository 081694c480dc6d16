package dev.firstpass.core.protocol;

/**
 * The version carried in every message's {@code schema} field.
 *
 * <p>A reader refuses versions it does not know rather than guessing: a field whose meaning changed
 * would otherwise be read silently with the old meaning.
 */
public final class SchemaVersion {

    /** The version this code writes and the only one it reads. */
    public static final int CURRENT = 1;

    private SchemaVersion() {
    }

    /** Whether messages written with {@code version} can be read by this code. */
    public static boolean isSupported(int version) {
        return version == CURRENT;
    }

    static String unsupported(int version) {
        return "unsupported schema version " + version + " (supported: " + CURRENT + ")";
    }
}
