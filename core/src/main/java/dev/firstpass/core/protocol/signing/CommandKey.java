package dev.firstpass.core.protocol.signing;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One shared secret that signs commands, named by the id that travels with each signed command in the
 * {@value CommandSigner#KEY_ID} header.
 *
 * <p>The secret stays inside: {@link #toString()} shows the id only, so a key logged by mistake leaks
 * nothing, and only {@link #asText()} writes the secret out, for handing a generated key to another
 * component of the same process.
 */
public final class CommandKey {

    /** HMAC-SHA256 keys shorter than its 32-byte output weaken it; RFC 2104 section 3. */
    public static final int MIN_SECRET_BYTES = 32;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String id;
    private final byte[] secret;

    private CommandKey(String id, byte[] secret) {
        this.id = id;
        this.secret = secret;
    }

    /**
     * The key {@code id} with {@code secret}.
     *
     * @throws CommandKeyException when the id is not 1 to 64 letters, digits, '.', '_' or '-', or the
     *     secret is shorter than {@value #MIN_SECRET_BYTES} bytes
     */
    public static CommandKey of(String id, byte[] secret) {
        List<String> problems = new ArrayList<>();
        check(problems, id, secret);
        if (!problems.isEmpty()) {
            throw new CommandKeyException(problems);
        }
        return new CommandKey(id, secret.clone());
    }

    /** A new key {@code id} with {@value #MIN_SECRET_BYTES} random bytes, e.g. for a demo that lives in one process. */
    public static CommandKey generate(String id, SecureRandom random) {
        byte[] secret = new byte[MIN_SECRET_BYTES];
        random.nextBytes(secret);
        return of(id, secret);
    }

    /**
     * The one key in {@code text}, written as for a {@link CommandKeyRing}: a signer signs with exactly
     * one key, so a text with several is refused rather than one of them picked silently.
     *
     * @param source what the text is, for messages, e.g. "FIRSTPASS_COMMAND_KEY"
     * @throws CommandKeyException listing every problem
     */
    public static CommandKey parse(String text, String source) {
        return single(CommandKeyRing.parse(text, source), source);
    }

    /**
     * The one key in {@code file}, written as for a {@link CommandKeyRing}.
     *
     * @throws CommandKeyException when the file cannot be read or does not hold exactly one usable key
     */
    public static CommandKey fromFile(Path file) {
        return single(CommandKeyRing.fromFile(file), "command key file " + file);
    }

    private static CommandKey single(CommandKeyRing ring, String source) {
        if (ring.size() != 1) {
            throw new CommandKeyException(List.of(source + " must hold exactly one key, the one commands are signed"
                    + " with, but holds " + ring.size() + ": " + String.join(", ", ring.ids())));
        }
        return ring.keys().get(0);
    }

    /** Adds to {@code problems} what is wrong with {@code id} and {@code secret}; the secret is never shown. */
    static void check(List<String> problems, String id, byte[] secret) {
        if (id == null || !ID.matcher(id).matches()) {
            problems.add("command key id must be 1 to 64 letters, digits, '.', '_' or '-': "
                    + (id == null ? "null" : "'" + id + "'"));
        }
        if (secret == null) {
            problems.add("command key '" + id + "' has no secret");
        } else if (secret.length < MIN_SECRET_BYTES) {
            problems.add("command key '" + id + "' must have a secret of at least " + MIN_SECRET_BYTES + " bytes: "
                    + secret.length);
        }
    }

    public String id() {
        return id;
    }

    /** The secret itself; package-private so that only HMAC reads it. */
    byte[] secret() {
        return secret;
    }

    /**
     * The key as one entry of the key text, {@code id:base64secret}, secret included: for passing a
     * generated key to another component in memory, never for logs.
     */
    public String asText() {
        return id + ":" + Base64.getEncoder().encodeToString(secret);
    }

    /** The id only: the secret must not reach a log through string concatenation. */
    @Override
    public String toString() {
        return "CommandKey[" + id + "]";
    }
}
