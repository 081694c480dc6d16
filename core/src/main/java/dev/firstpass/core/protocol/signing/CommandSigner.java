package dev.firstpass.core.protocol.signing;

import dev.firstpass.core.protocol.CloudEventHeaders;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Signs commands with one key: HMAC-SHA256 over the body and the CloudEvents headers, sent as two more
 * headers, {@value #KEY_ID} and {@value #SIGNATURE}.
 *
 * <p>The signature covers the body bytes and {@code ce_id}, {@code ce_specversion}, {@code ce_type},
 * {@code ce_source}, {@code ce_subject}, {@code ce_time} and {@code content-type}, each framed by its
 * length (see docs/security.md for the exact bytes): changing the run a command is for, its id, its time
 * or any byte of its body breaks it.
 *
 * <pre>{@code
 * CommandSigner signer = CommandSigner.withKey(CommandKey.fromFile(Path.of("controller.key")));
 * byte[] body = ProtocolJson.writeBytes(command);
 * Map<String, String> headers = signer.sign(CloudEventHeaders.forCommand(command, source), body);
 * }</pre>
 */
public final class CommandSigner {

    /** The header naming the key a command was signed with. */
    public static final String KEY_ID = "firstpass-key-id";
    /** The header holding the signature, standard base64 of the 32-byte HMAC-SHA256. */
    public static final String SIGNATURE = "firstpass-signature";
    /** The headers the signature covers, in the order they are framed, before the body. */
    public static final List<String> SIGNED_HEADERS = SignedContent.HEADERS;

    private final CommandKey key;

    private CommandSigner(CommandKey key) {
        this.key = key;
    }

    /** A signer that signs every command with {@code key}. */
    public static CommandSigner withKey(CommandKey key) {
        return new CommandSigner(Objects.requireNonNull(key, "key"));
    }

    /** The id of the key this signer signs with. */
    public String keyId() {
        return key.id();
    }

    /**
     * {@code headers} followed by the key id and the signature of {@code headers} and {@code body}.
     *
     * @throws IllegalArgumentException when a signed header is missing or {@code ce_time} is not a
     *     timestamp, since a verifier could then not check the command's age
     */
    public Map<String, String> sign(Map<String, String> headers, byte[] body) {
        List<String> problems = new ArrayList<>();
        for (String name : SIGNED_HEADERS) {
            if (headers.get(name) == null) {
                problems.add(name + " header is required to sign a command");
            }
        }
        String time = headers.get(CloudEventHeaders.TIME);
        if (time != null) {
            try {
                Instant.parse(time);
            } catch (DateTimeParseException e) {
                problems.add(CloudEventHeaders.TIME + " must be an RFC 3339 time to sign a command: '" + time + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        Map<String, String> signed = new LinkedHashMap<>(headers);
        signed.remove(KEY_ID);
        signed.remove(SIGNATURE);
        signed.put(KEY_ID, key.id());
        signed.put(SIGNATURE, Base64.getEncoder().encodeToString(SignedContent.mac(key, headers, body)));
        return Collections.unmodifiableMap(signed);
    }

    @Override
    public String toString() {
        return "CommandSigner[" + key.id() + "]";
    }
}
