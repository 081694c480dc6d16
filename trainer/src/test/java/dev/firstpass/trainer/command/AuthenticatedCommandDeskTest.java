package dev.firstpass.trainer.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.CloudEventHeaders;
import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.Schedule;
import dev.firstpass.core.protocol.signing.CommandKey;
import dev.firstpass.core.protocol.signing.CommandKeyRing;
import dev.firstpass.core.protocol.signing.CommandSigner;
import dev.firstpass.core.protocol.signing.CommandVerifier;
import dev.firstpass.core.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A desk that takes signed commands only: every refusal with its reason, and how re-reading the topic
 * after a restart keeps old commands from being answered twice.
 */
class AuthenticatedCommandDeskTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final CommandKey CONTROLLER_KEY = key("k1", 1);
    private static final CommandKey OTHER_KEY = key("k9", 9);
    private static final String SOURCE = "/firstpass/controller/test";
    private static final String FAILED = "command authentication failed: ";

    private final ManualClock clock = new ManualClock(NOW);
    private final List<Ack> acks = new ArrayList<>();

    @TempDir
    Path dir;

    private static CommandKey key(String id, int fill) {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) fill);
        return CommandKey.of(id, secret);
    }

    private CommandDesk desk(int resumedAfter, CommandLedger ledger) {
        return new CommandDesk("exp", "exp-s0", 10, resumedAfter, ledger, acks::add, clock,
                CommandVerifier.of(CommandKeyRing.of(CONTROLLER_KEY), WINDOW, clock));
    }

    private static Command command(String id, Schedule schedule, Instant issued) {
        return new Command(id, "exp", "exp-s0", PerturbationKind.SHRINK_PERTURB, Map.of(), schedule, issued);
    }

    /** The headers the controller sends {@code command} with when it signs with {@code key}. */
    private static Map<String, String> signed(CommandKey key, Command command) {
        return new LinkedHashMap<>(CommandSigner.withKey(key).sign(CloudEventHeaders.forCommand(command, SOURCE),
                ProtocolJson.writeBytes(command)));
    }

    private static void sendSigned(CommandDesk desk, Command command) {
        desk.receive(signed(CONTROLLER_KEY, command), ProtocolJson.writeBytes(command));
    }

    private List<Integer> applyThrough(CommandDesk desk, int from, int to) {
        List<Integer> kicked = new ArrayList<>();
        for (int epoch = from; epoch <= to; epoch++) {
            for (DueKick kick : desk.dueAfter(epoch)) {
                kicked.add(epoch);
                desk.applied(kick, epoch);
            }
        }
        return kicked;
    }

    @Test
    void aCommandSignedByTheControllerKeyIsTakenAndApplied() {
        CommandDesk desk = desk(0, CommandLedger.inMemory());

        sendSigned(desk, command("c1", Schedule.nextEpoch(), NOW));

        assertThat(applyThrough(desk, 1, 2)).containsExactly(1);
        assertThat(acks).containsExactly(new Ack("c1", "exp", "exp-s0", Ack.Status.APPLIED, 1, null, NOW));
    }

    @Test
    void eachFailedCheckIsRefusedWithItsReasonAndTheRunGoesOnTakingGoodCommands() {
        CommandDesk desk = desk(0, CommandLedger.inMemory());
        Command unsigned = command("unsigned", Schedule.nextEpoch(), NOW);
        Command unknownKey = command("unknown-key", Schedule.nextEpoch(), NOW);
        Command tamperedBody = command("tampered-body", Schedule.nextEpoch(), NOW);
        Command redirected = command("redirected", Schedule.nextEpoch(), NOW);
        Command stale = command("stale", Schedule.nextEpoch(), NOW.minus(WINDOW).minusSeconds(1));
        Map<String, String> otherRun = signed(CONTROLLER_KEY, redirected);
        otherRun.put(CloudEventHeaders.SUBJECT, "exp-s1");
        Command stronger = new Command("tampered-body", "exp", "exp-s0", PerturbationKind.FULL_RESET, Map.of(),
                Schedule.nextEpoch(), NOW);

        desk.receive(CloudEventHeaders.forCommand(unsigned, SOURCE), ProtocolJson.writeBytes(unsigned));
        desk.receive(signed(OTHER_KEY, unknownKey), ProtocolJson.writeBytes(unknownKey));
        desk.receive(signed(CONTROLLER_KEY, tamperedBody), ProtocolJson.writeBytes(stronger));
        desk.receive(otherRun, ProtocolJson.writeBytes(redirected));
        sendSigned(desk, stale);
        sendSigned(desk, command("good", Schedule.nextEpoch(), NOW));

        assertThat(applyThrough(desk, 1, 2)).containsExactly(1);
        String signedHeaders = "ce_id, ce_specversion, ce_type, ce_source, ce_subject, ce_time, content-type";
        assertThat(acks).extracting(Ack::commandId, Ack::status, Ack::reason).containsExactly(
                tuple("unsigned", Ack.Status.REFUSED,
                        FAILED + "unsigned: the command has no firstpass-key-id and firstpass-signature headers"),
                tuple("unknown-key", Ack.Status.REFUSED,
                        FAILED + "unknown key id: 'k9' is not among the accepted keys (k1)"),
                tuple("tampered-body", Ack.Status.REFUSED,
                        FAILED + "bad signature: the body or a signed header (" + signedHeaders
                                + ") is not what key 'k1' signed"),
                tuple("redirected", Ack.Status.REFUSED,
                        FAILED + "bad signature: the body or a signed header (" + signedHeaders
                                + ") is not what key 'k1' signed"),
                tuple("stale", Ack.Status.REFUSED,
                        FAILED + "stale: ce_time 2025-03-01T11:54:59Z is 5 min 1 s before this clock's"
                                + " 2025-03-01T12:00:00Z; commands are accepted within 5 min of it"),
                tuple("good", Ack.Status.APPLIED, null));
        assertThat(acks).extracting(Ack::experiment, Ack::runId).containsOnly(tuple("exp", "exp-s0"));
    }

    @Test
    void aForgeryAheadOfTheGenuineCommandWithTheSameIdDoesNotShadowIt() {
        Path ledgerFile = dir.resolve("commands.ledger");
        CommandDesk desk = desk(0, CommandLedger.inFile(ledgerFile));
        Command genuine = command("exp/exp-s0/1-probe-3", Schedule.every(3).fromEpoch(3), NOW);
        Command forged = new Command(genuine.commandId(), "exp", "exp-s0", PerturbationKind.FULL_RESET, Map.of(),
                Schedule.every(1).fromEpoch(1), NOW);

        desk.receive(CloudEventHeaders.forCommand(forged, SOURCE), ProtocolJson.writeBytes(forged));
        sendSigned(desk, genuine);

        assertThat(applyThrough(desk, 1, 6)).containsExactly(3, 6);
        assertThat(acks).extracting(Ack::commandId, Ack::status, Ack::epoch).containsExactly(
                tuple("exp/exp-s0/1-probe-3", Ack.Status.REFUSED, null),
                tuple("exp/exp-s0/1-probe-3", Ack.Status.APPLIED, 3),
                tuple("exp/exp-s0/1-probe-3", Ack.Status.APPLIED, 6));
        assertThat(CommandLedger.inFile(ledgerFile).entries()).extracting(e -> e.ack().status())
                .containsExactly(Ack.Status.APPLIED, Ack.Status.APPLIED);
    }

    @Test
    void aCopyOfATakenCommandIsIgnoredAsADuplicateNotRefusedAsReplayed() {
        CommandDesk desk = desk(0, CommandLedger.inMemory());
        Command command = command("c1", Schedule.nextEpoch(), NOW);
        Map<String, String> headers = signed(CONTROLLER_KEY, command);
        Map<String, String> forgedCopy = new LinkedHashMap<>(headers);
        forgedCopy.remove(CommandSigner.SIGNATURE);

        desk.receive(headers, ProtocolJson.writeBytes(command));
        clock.advance(Duration.ofSeconds(30));
        desk.receive(headers, ProtocolJson.writeBytes(command));
        desk.receive(forgedCopy, ProtocolJson.writeBytes(command));

        assertThat(applyThrough(desk, 1, 3)).containsExactly(1);
        assertThat(acks).extracting(Ack::commandId, Ack::status).containsExactly(tuple("c1", Ack.Status.APPLIED));
    }

    @Test
    void aRestartedRunSkipsTheOldCommandsItAnsweredAndRefusesStaleOnesItNeverSaw() {
        Path ledgerFile = dir.resolve("commands.ledger");
        Command answered = command("answered", Schedule.nextEpoch(), NOW);
        CommandDesk first = desk(0, CommandLedger.inFile(ledgerFile));
        sendSigned(first, answered);
        applyThrough(first, 1, 2);
        Command missed = command("missed", Schedule.nextEpoch(), NOW.plusSeconds(60));
        acks.clear();

        // An hour later the run resumes after epoch 2 and re-reads the topic from the beginning.
        clock.advance(Duration.ofHours(1));
        CommandDesk resumed = desk(2, CommandLedger.inFile(ledgerFile));
        sendSigned(resumed, answered);
        sendSigned(resumed, missed);

        assertThat(applyThrough(resumed, 3, 4)).isEmpty();
        assertThat(acks).extracting(Ack::commandId, Ack::status, Ack::reason).containsExactly(
                tuple("missed", Ack.Status.REFUSED, FAILED + "stale: ce_time 2025-03-01T12:01:00Z is 59 min before"
                        + " this clock's 2025-03-01T13:00:00Z; commands are accepted within 5 min of it"));
    }

    @Test
    void aScheduleTakenWhileFreshButNotYetActedOnIsTakenAgainAfterARestartHoweverOld() {
        Path ledgerFile = dir.resolve("commands.ledger");
        Command periodic = command("every4", Schedule.every(4).fromEpoch(4), NOW);
        CommandDesk first = desk(0, CommandLedger.inFile(ledgerFile));
        sendSigned(first, periodic);
        assertThat(applyThrough(first, 1, 2)).isEmpty();

        // Killed during epoch 3, before the schedule first acted; resumed an hour later from epoch 2.
        clock.advance(Duration.ofHours(1));
        CommandDesk resumed = desk(2, CommandLedger.inFile(ledgerFile));
        sendSigned(resumed, periodic);

        assertThat(applyThrough(resumed, 3, 9)).containsExactly(4, 8);
        assertThat(acks).extracting(Ack::commandId, Ack::status, Ack::epoch).containsExactly(
                tuple("every4", Ack.Status.APPLIED, 4), tuple("every4", Ack.Status.APPLIED, 8));
    }
}
