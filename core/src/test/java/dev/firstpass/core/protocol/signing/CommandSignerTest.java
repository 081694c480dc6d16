package dev.firstpass.core.protocol.signing;

import static dev.firstpass.core.protocol.signing.SigningFixtures.BODY;
import static dev.firstpass.core.protocol.signing.SigningFixtures.SECRET_K1;
import static dev.firstpass.core.protocol.signing.SigningFixtures.headers;
import static dev.firstpass.core.protocol.signing.SigningFixtures.k1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CommandSignerTest {

    /** HMAC-SHA256 of the canonical bytes below under bytes 0..31, computed outside Java (Python's hmac). */
    private static final String KNOWN_SIGNATURE = "9uaW8eO+QhthOK5MtxxPypUHl37gKiIE5ColnCLvTEc=";

    /** The canonical bytes of the fixture command, written out by hand from docs/security.md. */
    private static byte[] documentedCanonicalBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (String field : new String[] {"firstpass-command-v1", "cifar/seed-3/1-probe-20", "1.0",
                "dev.firstpass.control.command", "/firstpass/controller/firstpass-controller", "seed-3",
                "2025-03-01T12:00:00Z", "application/json"}) {
            byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        }
        out.writeInt(BODY.length);
        out.write(BODY);
        return bytes.toByteArray();
    }

    @Test
    void signatureIsHmacSha256OfTheDocumentedCanonicalBytesInBase64() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET_K1, "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal(documentedCanonicalBytes()));

        Map<String, String> signed = CommandSigner.withKey(k1()).sign(headers(), BODY);

        assertThat(expected).isEqualTo(KNOWN_SIGNATURE);
        assertThat(signed.get("firstpass-signature")).isEqualTo(KNOWN_SIGNATURE);
        assertThat(SignedContent.of(headers(), BODY)).isEqualTo(documentedCanonicalBytes());
        assertThat(HexFormat.of().formatHex(SignedContent.of(headers(), BODY))).startsWith(
                "00000014" + HexFormat.of().formatHex("firstpass-command-v1".getBytes(StandardCharsets.UTF_8))
                        + "00000017");
    }

    @Test
    void signedHeadersAreTheCloudEventsOnesFollowedByKeyIdAndSignature() {
        Map<String, String> signed = CommandSigner.withKey(k1()).sign(headers(), BODY);

        Map<String, String> expected = new LinkedHashMap<>(headers());
        expected.put("firstpass-key-id", "k1");
        expected.put("firstpass-signature", KNOWN_SIGNATURE);
        assertThat(signed).containsExactlyEntriesOf(expected);
        assertThat(CommandSigner.SIGNED_HEADERS).containsExactly("ce_id", "ce_specversion", "ce_type", "ce_source",
                "ce_subject", "ce_time", "content-type");
    }

    @Test
    void signingAgainReplacesAnEarlierSignature() {
        CommandSigner signer = CommandSigner.withKey(k1());
        Map<String, String> once = signer.sign(headers(), BODY);

        Map<String, String> twice = signer.sign(once, BODY);

        assertThat(twice).containsExactlyEntriesOf(once);
    }

    @Test
    void refusesToSignWithoutEverySignedHeaderOrWithAnUnreadableTime() {
        Map<String, String> headers = headers();
        headers.remove("ce_subject");
        headers.put("ce_time", "yesterday");

        assertThatThrownBy(() -> CommandSigner.withKey(k1()).sign(headers, BODY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ce_subject header is required to sign a command;"
                        + " ce_time must be an RFC 3339 time to sign a command: 'yesterday'");
    }

    @Test
    void lengthFramingKeepsBytesFromMovingBetweenFields() {
        Map<String, String> split = headers();
        split.put("ce_source", "/a");
        split.put("ce_subject", "bc");
        Map<String, String> moved = headers();
        moved.put("ce_source", "/ab");
        moved.put("ce_subject", "c");
        Map<String, String> empty = headers();
        empty.put("ce_subject", "");
        Map<String, String> absent = headers();
        absent.remove("ce_subject");

        assertThat(SignedContent.of(split, BODY)).isNotEqualTo(SignedContent.of(moved, BODY));
        assertThat(SignedContent.of(empty, BODY)).isNotEqualTo(SignedContent.of(absent, BODY));
    }

    @Test
    void neitherKeyNorSignerShowsTheSecret() {
        CommandKey key = k1();

        assertThat(key.toString()).isEqualTo("CommandKey[k1]");
        assertThat(CommandSigner.withKey(key).toString()).isEqualTo("CommandSigner[k1]");
        assertThat(CommandKeyRing.of(key).toString()).isEqualTo("CommandKeyRing[k1]");
        assertThat(key.asText()).isEqualTo("k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    }
}
