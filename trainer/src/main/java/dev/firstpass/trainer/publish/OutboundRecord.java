package dev.firstpass.trainer.publish;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One record waiting to be sent: topic, key and value, with the one-line form it has in a spool file.
 *
 * @param topic where it goes
 * @param key the record key (the run id)
 * @param value the serialised message
 */
record OutboundRecord(String topic, String key, byte[] value) {

    private static final Base64.Encoder ENCODER = Base64.getEncoder();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    /** Base64 fields separated by spaces: nothing in a record can break the line. */
    String toLine() {
        return ENCODER.encodeToString(topic.getBytes(StandardCharsets.UTF_8)) + ' '
                + ENCODER.encodeToString(key.getBytes(StandardCharsets.UTF_8)) + ' '
                + ENCODER.encodeToString(value);
    }

    static OutboundRecord fromLine(String line) {
        String[] fields = line.split(" ", -1);
        if (fields.length != 3) {
            throw new IllegalArgumentException("a spooled record has 3 fields, found " + fields.length);
        }
        return new OutboundRecord(new String(DECODER.decode(fields[0]), StandardCharsets.UTF_8),
                new String(DECODER.decode(fields[1]), StandardCharsets.UTF_8), DECODER.decode(fields[2]));
    }
}
