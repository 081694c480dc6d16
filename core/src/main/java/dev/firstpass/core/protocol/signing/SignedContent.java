package dev.firstpass.core.protocol.signing;

import dev.firstpass.core.protocol.CloudEventHeaders;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The bytes a command signature covers, and their HMAC-SHA256.
 *
 * <p>The canonical form is a sequence of frames, each a 4-byte big-endian length followed by that many
 * bytes: first the label {@value #LABEL}, then the UTF-8 value of each header of {@link #HEADERS} in that
 * order, then the body. An absent header is the length 0xFFFFFFFF with no bytes, so that an absent header
 * and an empty one sign differently. Lengths make the framing unambiguous: no choice of header values can
 * move bytes from one field to the next and keep the signature.
 */
final class SignedContent {

    /** Names the format, so that a later one can never verify as this one. */
    static final String LABEL = "firstpass-command-v1";

    /** The signed headers, in the order they are framed. */
    static final List<String> HEADERS = List.of(CloudEventHeaders.ID, CloudEventHeaders.SPEC_VERSION,
            CloudEventHeaders.TYPE, CloudEventHeaders.SOURCE, CloudEventHeaders.SUBJECT, CloudEventHeaders.TIME,
            CloudEventHeaders.CONTENT_TYPE);

    static final String ALGORITHM = "HmacSHA256";
    private static final int ABSENT = 0xFFFFFFFF;

    private SignedContent() {
    }

    /** The canonical bytes of a command with {@code headers} and {@code body}. */
    static byte[] of(Map<String, String> headers, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 256);
        frame(out, LABEL.getBytes(StandardCharsets.UTF_8));
        for (String name : HEADERS) {
            String value = headers.get(name);
            if (value == null) {
                out.writeBytes(ByteBuffer.allocate(4).putInt(ABSENT).array());
            } else {
                frame(out, value.getBytes(StandardCharsets.UTF_8));
            }
        }
        frame(out, body);
        return out.toByteArray();
    }

    /** HMAC-SHA256 of the canonical bytes under {@code key}. */
    static byte[] mac(CommandKey key, Map<String, String> headers, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.secret(), ALGORITHM));
            return mac.doFinal(of(headers, body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every Java platform must support HmacSHA256 (javax.crypto.Mac), so this is a broken runtime.
            throw new IllegalStateException("HmacSHA256 is not available: " + e.getMessage(), e);
        }
    }

    private static void frame(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }
}
