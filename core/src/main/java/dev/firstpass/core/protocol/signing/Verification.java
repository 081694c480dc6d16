package dev.firstpass.core.protocol.signing;

import java.util.Objects;

/**
 * What a {@link CommandVerifier} found about one command: accepted, or why not, in words.
 *
 * @param outcome accepted or the reason for refusing
 * @param keyId the key id the command named, or null when it named none
 * @param detail what exactly was found, e.g. which key or how old
 */
public record Verification(Outcome outcome, String keyId, String detail) {

    /** The verdicts, checked in this order: a later one is only reached by a command that passed the earlier. */
    public enum Outcome {
        /** Signed by a key of the ring, within the window, and not seen before. */
        ACCEPTED("accepted"),
        /** No key id or no signature header. */
        UNSIGNED("unsigned"),
        /** Signed with a key id the ring does not hold. */
        UNKNOWN_KEY("unknown key id"),
        /** The signature does not match the body and headers under the named key. */
        BAD_SIGNATURE("bad signature"),
        /** Authentic, but its ce_time is outside the window around the verifier's clock. */
        STALE("stale"),
        /** Authentic and fresh, but a command with the same id was already accepted. */
        REPLAYED("replayed");

        private final String words;

        Outcome(String words) {
            this.words = words;
        }

        /** The outcome as a reason starts, e.g. "bad signature". */
        public String words() {
            return words;
        }

        /** Whether the signature verified: the command is what a holder of the key sent, however old. */
        public boolean authentic() {
            return this == ACCEPTED || this == STALE || this == REPLAYED;
        }
    }

    public Verification {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }

    public boolean accepted() {
        return outcome == Outcome.ACCEPTED;
    }

    /** @see Outcome#authentic() */
    public boolean authentic() {
        return outcome.authentic();
    }

    /** The outcome and the detail, e.g. "stale: ce_time 2025-03-01T11:54:59Z is 5 min 1 s before ...". */
    public String reason() {
        return outcome.words() + ": " + detail;
    }
}
