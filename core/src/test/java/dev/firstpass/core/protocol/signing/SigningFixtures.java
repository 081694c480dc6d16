package dev.firstpass.core.protocol.signing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The hand-worked command of the signing tests, and keys and a clock to go with it. */
final class SigningFixtures {

    static final Instant ISSUED = Instant.parse("2025-03-01T12:00:00Z");
    /** Bytes 0, 1, ..., 31: a secret anyone can recompute the expected signature with. */
    static final byte[] SECRET_K1 = counting(0);
    static final byte[] SECRET_K2 = counting(100);
    static final byte[] BODY = "{\"schema\":1,\"command_id\":\"cifar/seed-3/1-probe-20\"}"
            .getBytes(StandardCharsets.UTF_8);

    private SigningFixtures() {
    }

    static CommandKey k1() {
        return CommandKey.of("k1", SECRET_K1);
    }

    static CommandKey k2() {
        return CommandKey.of("k2", SECRET_K2);
    }

    /** The CloudEvents headers of the command, as the controller writes them. */
    static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_id", "cifar/seed-3/1-probe-20");
        headers.put("ce_specversion", "1.0");
        headers.put("ce_type", "dev.firstpass.control.command");
        headers.put("ce_source", "/firstpass/controller/firstpass-controller");
        headers.put("ce_subject", "seed-3");
        headers.put("ce_time", ISSUED.toString());
        headers.put("content-type", "application/json");
        return headers;
    }

    /** The headers of the command with {@code id} issued at {@code issued}. */
    static Map<String, String> headers(String id, Instant issued) {
        Map<String, String> headers = headers();
        headers.put("ce_id", id);
        headers.put("ce_time", issued.toString());
        return headers;
    }

    private static byte[] counting(int from) {
        byte[] bytes = new byte[32];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (from + i);
        }
        return bytes;
    }
}
