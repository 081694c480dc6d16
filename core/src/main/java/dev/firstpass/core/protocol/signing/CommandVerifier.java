package dev.firstpass.core.protocol.signing;

import dev.firstpass.core.protocol.CloudEventHeaders;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether a command was sent by a holder of one of the ring's keys, recently, and for the first
 * time: the checks, in order, are signature present, key id known, signature matching, {@code ce_time}
 * within the window around this verifier's clock, and command id not accepted before.
 *
 * <p>The window bounds how long a captured command stays usable; the replay cache refuses a copy of a
 * command inside that window. An id is remembered only until the command's {@code ce_time} plus the
 * window: after that a copy is stale and refused on its time alone, so remembering it longer would
 * cost memory and protect nothing. That keeps the cache bounded by the commands of one window; a cap
 * ({@link #DEFAULT_REPLAY_CAPACITY} by default) bounds it even against a flood of validly signed
 * commands, forgetting first the ids closest to expiring.
 *
 * <pre>{@code
 * CommandVerifier verifier = CommandVerifier.of(CommandKeyRing.parse(text, "FIRSTPASS_COMMAND_KEYS"),
 *         CommandVerifier.DEFAULT_WINDOW, Clock.systemUTC());
 * Verification verdict = verifier.verify(headers, body);
 * }</pre>
 */
public final class CommandVerifier {

    /** Commands from further than this from the verifier's clock, either side, are stale. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    /** Most command ids remembered at once against replays. */
    public static final int DEFAULT_REPLAY_CAPACITY = 10_000;

    private final CommandKeyRing keys;
    private final Duration window;
    private final Clock clock;
    private final ReplayCache accepted;

    private CommandVerifier(CommandKeyRing keys, Duration window, Clock clock, int replayCapacity) {
        this.keys = keys;
        this.window = window;
        this.clock = clock;
        this.accepted = new ReplayCache(replayCapacity);
    }

    /**
     * A verifier accepting the keys of {@code keys}, commands whose {@code ce_time} is at most
     * {@code window} from {@code clock}, and remembering up to {@link #DEFAULT_REPLAY_CAPACITY} ids.
     *
     * @throws IllegalArgumentException when the window is not positive
     */
    public static CommandVerifier of(CommandKeyRing keys, Duration window, Clock clock) {
        return of(keys, window, clock, DEFAULT_REPLAY_CAPACITY);
    }

    /**
     * As {@link #of(CommandKeyRing, Duration, Clock)}, remembering up to {@code replayCapacity} ids.
     *
     * @throws IllegalArgumentException when the window is not positive or the capacity is below 1
     */
    public static CommandVerifier of(CommandKeyRing keys, Duration window, Clock clock, int replayCapacity) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(clock, "clock");
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("command window must be positive: " + window);
        }
        if (replayCapacity < 1) {
            throw new IllegalArgumentException("replay capacity must be at least 1 command id: " + replayCapacity);
        }
        return new CommandVerifier(keys, window, clock, replayCapacity);
    }

    public CommandKeyRing keys() {
        return keys;
    }

    public Duration window() {
        return window;
    }

    /**
     * The verdict on the command with {@code headers} and {@code body}; an accepted command's id is
     * remembered, so the same command verified twice is {@link Verification.Outcome#REPLAYED} the second time.
     */
    public synchronized Verification verify(Map<String, String> headers, byte[] body) {
        String keyId = headers.get(CommandSigner.KEY_ID);
        String signature = headers.get(CommandSigner.SIGNATURE);
        if (keyId == null || signature == null) {
            String missing = keyId == null && signature == null
                    ? CommandSigner.KEY_ID + " and " + CommandSigner.SIGNATURE + " headers"
                    : (keyId == null ? CommandSigner.KEY_ID : CommandSigner.SIGNATURE) + " header";
            return new Verification(Verification.Outcome.UNSIGNED, keyId, "the command has no " + missing);
        }
        CommandKey key = keys.key(keyId).orElse(null);
        if (key == null) {
            return new Verification(Verification.Outcome.UNKNOWN_KEY, keyId,
                    "'" + keyId + "' is not among the accepted keys (" + String.join(", ", keys.ids()) + ")");
        }
        if (!matches(key, signature, headers, body)) {
            return new Verification(Verification.Outcome.BAD_SIGNATURE, keyId,
                    "the body or a signed header (" + String.join(", ", CommandSigner.SIGNED_HEADERS)
                            + ") is not what key '" + keyId + "' signed");
        }
        Instant now = clock.instant();
        String time = headers.get(CloudEventHeaders.TIME);
        Instant issued = parse(time);
        if (issued == null) {
            return new Verification(Verification.Outcome.STALE, keyId,
                    CloudEventHeaders.TIME + " '" + time + "' is not an RFC 3339 time, so its age cannot be checked");
        }
        Duration age = Duration.between(issued, now);
        if (age.abs().compareTo(window) > 0) {
            return new Verification(Verification.Outcome.STALE, keyId, CloudEventHeaders.TIME + " " + issued + " is "
                    + words(age.abs()) + (age.isNegative() ? " after" : " before") + " this clock's " + now
                    + "; commands are accepted within " + words(window) + " of it");
        }
        String id = headers.get(CloudEventHeaders.ID);
        Instant until = accepted.remembered(id, now);
        if (until != null) {
            return new Verification(Verification.Outcome.REPLAYED, keyId, "command '" + id
                    + "' was already accepted; copies are refused until " + until);
        }
        accepted.remember(id, issued.plus(window), now);
        return new Verification(Verification.Outcome.ACCEPTED, keyId, "signed with key '" + keyId + "'");
    }

    /** Ids held against replays right now, at most the capacity. */
    public synchronized int remembered() {
        return accepted.size(clock.instant());
    }

    // MessageDigest.isEqual takes time independent of where the first difference is, so response timing
    // cannot guide a forger byte by byte towards a valid signature.
    private static boolean matches(CommandKey key, String signature, Map<String, String> headers, byte[] body) {
        byte[] given;
        try {
            given = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(SignedContent.mac(key, headers, body), given);
    }

    private static Instant parse(String time) {
        if (time == null) {
            return null;
        }
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A duration in words, e.g. "5 min 1 s" or "250 ms". */
    static String words(Duration duration) {
        long hours = duration.toHours();
        int minutes = duration.toMinutesPart();
        int seconds = duration.toSecondsPart();
        int millis = duration.toMillisPart();
        StringBuilder text = new StringBuilder();
        if (hours > 0) {
            text.append(hours).append(" h ");
        }
        if (minutes > 0) {
            text.append(minutes).append(" min ");
        }
        if (seconds > 0) {
            text.append(seconds).append(" s ");
        }
        if (millis > 0 || text.length() == 0) {
            text.append(millis).append(" ms ");
        }
        return text.toString().strip();
    }

    @Override
    public String toString() {
        return "CommandVerifier[keys " + keys.ids() + ", window " + words(window) + "]";
    }
}
