package dev.firstpass.core.protocol.signing;

import static dev.firstpass.core.protocol.signing.SigningFixtures.BODY;
import static dev.firstpass.core.protocol.signing.SigningFixtures.ISSUED;
import static dev.firstpass.core.protocol.signing.SigningFixtures.headers;
import static dev.firstpass.core.protocol.signing.SigningFixtures.k1;
import static dev.firstpass.core.protocol.signing.SigningFixtures.k2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firstpass.core.time.ManualClock;
import dev.firstpass.core.protocol.signing.Verification.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandVerifierTest {

    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final String SIGNED = "ce_id, ce_specversion, ce_type, ce_source, ce_subject, ce_time, content-type";

    private final ManualClock clock = new ManualClock(ISSUED);

    private CommandVerifier verifier(CommandKey... keys) {
        return CommandVerifier.of(CommandKeyRing.of(keys), WINDOW, clock);
    }

    private static Map<String, String> signedBy(CommandKey key, Map<String, String> headers, byte[] body) {
        return new HashMap<>(CommandSigner.withKey(key).sign(headers, body));
    }

    @Test
    void acceptsACommandSignedByAKeyOfItsRing() {
        Verification verdict = verifier(k1()).verify(signedBy(k1(), headers(), BODY), BODY);

        assertThat(verdict).isEqualTo(new Verification(Outcome.ACCEPTED, "k1", "signed with key 'k1'"));
        assertThat(verdict.accepted()).isTrue();
    }

    @Test
    void aCommandWithoutSignatureHeadersIsUnsigned() {
        Map<String, String> noKeyId = signedBy(k1(), headers(), BODY);
        noKeyId.remove("firstpass-key-id");

        assertThat(verifier(k1()).verify(headers(), BODY).reason())
                .isEqualTo("unsigned: the command has no firstpass-key-id and firstpass-signature headers");
        assertThat(verifier(k1()).verify(noKeyId, BODY))
                .isEqualTo(new Verification(Outcome.UNSIGNED, null, "the command has no firstpass-key-id header"));
    }

    @Test
    void aKeyIdOutsideTheRingIsUnknown() {
        Verification verdict = verifier(k1()).verify(signedBy(k2(), headers(), BODY), BODY);

        assertThat(verdict.outcome()).isEqualTo(Outcome.UNKNOWN_KEY);
        assertThat(verdict.reason()).isEqualTo("unknown key id: 'k2' is not among the accepted keys (k1)");
    }

    @Test
    void aTamperedBodyIsABadSignature() {
        Map<String, String> headers = signedBy(k1(), headers(), BODY);
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("probe-20", "probe-21")
                .getBytes(StandardCharsets.UTF_8);

        Verification verdict = verifier(k1()).verify(headers, tampered);

        assertThat(verdict).isEqualTo(new Verification(Outcome.BAD_SIGNATURE, "k1",
                "the body or a signed header (" + SIGNED + ") is not what key 'k1' signed"));
        assertThat(verdict.authentic()).isFalse();
    }

    @Test
    void aCommandRedirectedToAnotherRunIsABadSignature() {
        Map<String, String> headers = signedBy(k1(), headers(), BODY);
        headers.put("ce_subject", "seed-4");

        assertThat(verifier(k1()).verify(headers, BODY).outcome()).isEqualTo(Outcome.BAD_SIGNATURE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ce_id", "ce_specversion", "ce_type", "ce_source", "ce_subject", "ce_time", "content-type"})
    void changingOrRemovingAnySignedHeaderIsABadSignature(String name) {
        Map<String, String> changed = signedBy(k1(), headers(), BODY);
        changed.put(name, changed.get(name).equals("x") ? "y" : "x");
        Map<String, String> removed = signedBy(k1(), headers(), BODY);
        removed.remove(name);

        assertThat(verifier(k1()).verify(changed, BODY).outcome()).isEqualTo(Outcome.BAD_SIGNATURE);
        assertThat(verifier(k1()).verify(removed, BODY).outcome()).isEqualTo(Outcome.BAD_SIGNATURE);
    }

    @Test
    void aSignatureThatIsNotBase64OrOfAnotherKeyIsBad() {
        Map<String, String> garbled = signedBy(k1(), headers(), BODY);
        garbled.put("firstpass-signature", "not base64!");
        Map<String, String> otherKey = signedBy(k2(), headers(), BODY);
        otherKey.put("firstpass-key-id", "k1");

        assertThat(verifier(k1()).verify(garbled, BODY).outcome()).isEqualTo(Outcome.BAD_SIGNATURE);
        assertThat(verifier(k1(), k2()).verify(otherKey, BODY).outcome()).isEqualTo(Outcome.BAD_SIGNATURE);
    }

    @Test
    void aCommandOneSecondOutsideTheWindowIsStaleOnEitherSide() {
        CommandVerifier verifier = verifier(k1());
        clock.set(ISSUED.plus(WINDOW).plusSeconds(1));

        Verification late = verifier.verify(signedBy(k1(), headers(), BODY), BODY);
        clock.set(ISSUED.minus(WINDOW).minusSeconds(1));
        Verification early = verifier.verify(signedBy(k1(), headers(), BODY), BODY);

        assertThat(late).isEqualTo(new Verification(Outcome.STALE, "k1", "ce_time 2025-03-01T12:00:00Z is 5 min 1 s"
                + " before this clock's 2025-03-01T12:05:01Z; commands are accepted within 5 min of it"));
        assertThat(late.authentic()).isTrue();
        assertThat(early.reason()).isEqualTo("stale: ce_time 2025-03-01T12:00:00Z is 5 min 1 s after this clock's"
                + " 2025-03-01T11:54:59Z; commands are accepted within 5 min of it");
    }

    @Test
    void aCommandExactlyAtTheEdgeOfTheWindowIsAccepted() {
        clock.set(ISSUED.plus(WINDOW));

        assertThat(verifier(k1()).verify(signedBy(k1(), headers(), BODY), BODY).outcome())
                .isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void aSecondCopyOfAnAcceptedCommandIsReplayedUntilItWouldBeStaleAnyway() {
        CommandVerifier verifier = verifier(k1());
        Map<String, String> headers = signedBy(k1(), headers(), BODY);
        Verification first = verifier.verify(headers, BODY);
        clock.advance(Duration.ofMinutes(2));

        Verification copy = verifier.verify(headers, BODY);
        clock.set(ISSUED.plus(WINDOW));
        Verification copyAtTheEdge = verifier.verify(headers, BODY);
        clock.set(ISSUED.plus(WINDOW).plusMillis(1));
        Verification lateCopy = verifier.verify(headers, BODY);

        assertThat(first.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(copy).isEqualTo(new Verification(Outcome.REPLAYED, "k1", "command 'cifar/seed-3/1-probe-20' was"
                + " already accepted; copies are refused until 2025-03-01T12:05:00Z"));
        assertThat(copyAtTheEdge.outcome()).isEqualTo(Outcome.REPLAYED);
        assertThat(lateCopy.outcome()).isEqualTo(Outcome.STALE);
        assertThat(verifier.remembered()).isZero();
    }

    @Test
    void theReplayCacheHoldsAtMostItsCapacityForgettingTheIdsClosestToExpiring() {
        CommandVerifier verifier = CommandVerifier.of(CommandKeyRing.of(k1()), WINDOW, clock, 2);
        Map<String, String> oldest = signedBy(k1(), headers("c1", ISSUED.minusSeconds(60)), BODY);

        verifier.verify(oldest, BODY);
        verifier.verify(signedBy(k1(), headers("c2", ISSUED.minusSeconds(30)), BODY), BODY);
        verifier.verify(signedBy(k1(), headers("c3", ISSUED), BODY), BODY);

        assertThat(verifier.remembered()).isEqualTo(2);
        assertThat(verifier.verify(oldest, BODY).outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(verifier.verify(signedBy(k1(), headers("c3", ISSUED), BODY), BODY).outcome())
                .isEqualTo(Outcome.REPLAYED);
    }

    @Test
    void rotationTheOldKeyVerifiesWhileInTheRingAndIsUnknownOnceRemoved() {
        Map<String, String> byOld = signedBy(k1(), headers("old", ISSUED), BODY);
        Map<String, String> byNew = signedBy(k2(), headers("new", ISSUED), BODY);
        CommandVerifier during = verifier(k1(), k2());
        CommandVerifier after = verifier(k2());

        assertThat(during.verify(byOld, BODY).outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(during.verify(byNew, BODY).outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(after.verify(byOld, BODY).reason())
                .isEqualTo("unknown key id: 'k1' is not among the accepted keys (k2)");
        assertThat(after.verify(byNew, BODY).outcome()).isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void theWindowMustBePositive() {
        assertThatThrownBy(() -> CommandVerifier.of(CommandKeyRing.of(k1()), Duration.ZERO, clock))
                .hasMessage("command window must be positive: PT0S");
        assertThatThrownBy(() -> CommandVerifier.of(CommandKeyRing.of(k1()), WINDOW, clock, 0))
                .hasMessage("replay capacity must be at least 1 command id: 0");
    }

    @Test
    void durationsAreWrittenInWords() {
        assertThat(CommandVerifier.words(Duration.ofSeconds(301))).isEqualTo("5 min 1 s");
        assertThat(CommandVerifier.words(Duration.ofMillis(250))).isEqualTo("250 ms");
        assertThat(CommandVerifier.words(Duration.ofHours(2))).isEqualTo("2 h");
        assertThat(CommandVerifier.words(Duration.ZERO)).isEqualTo("0 ms");
    }
}
