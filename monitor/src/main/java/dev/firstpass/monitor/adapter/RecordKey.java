package dev.firstpass.monitor.adapter;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a record key as the text value of an event.
 *
 * <p>Decoding is strict: a key that is not UTF-8 would otherwise become a run id full of replacement
 * characters, and two different runs could collapse into one.
 */
final class RecordKey {

    private RecordKey() {
    }

    /** The key as text, or null after adding the reason it cannot be used for {@code role}. */
    static String text(byte[] key, String role, Rejections rejections) {
        if (key == null) {
            rejections.add("record key (" + role + ") is missing");
            return null;
        }
        String text = decodeUtf8(key);
        if (text == null) {
            rejections.add("record key (" + role + ") is not UTF-8 text");
            return null;
        }
        if (text.isBlank()) {
            rejections.add("record key (" + role + ") must not be blank: " + Rejections.show(text));
            return null;
        }
        return text;
    }

    /** Strict UTF-8 decoding, also used for line-protocol values; null when the bytes are not UTF-8. */
    static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
