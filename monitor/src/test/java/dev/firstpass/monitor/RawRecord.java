package dev.firstpass.monitor;

import java.nio.charset.StandardCharsets;

/**
 * A record as bytes, so that tests can write what no well-behaved producer would: binary garbage, a
 * missing key, a missing value.
 */
record RawRecord(byte[] key, byte[] value) {

    static RawRecord text(String key, String value) {
        return new RawRecord(bytes(key), bytes(value));
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
