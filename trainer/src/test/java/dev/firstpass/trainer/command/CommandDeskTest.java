package dev.firstpass.trainer.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.CloudEventHeaders;
import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.InputLimits;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.Schedule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandDeskTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private final List<Ack> acks = new ArrayList<>();

    @TempDir
    Path dir;

    private CommandDesk desk(int lastEpoch, int resumedAfter, CommandLedger ledger) {
        return new CommandDesk("exp", "exp-s0", lastEpoch, resumedAfter, ledger, acks::add, CLOCK);
    }

    static Command command(String id, String runId, Schedule schedule) {
        return new Command(id, "exp", runId, PerturbationKind.SHRINK_PERTURB, Map.of(), schedule, NOW);
    }

    static void send(CommandDesk desk, Command command) {
        desk.receive(CloudEventHeaders.forCommand(command, "/test"), ProtocolJson.writeBytes(command));
    }

    private List<Integer> applyThrough(CommandDesk desk, int lastBoundary) {
        List<Integer> kicked = new ArrayList<>();
        for (int epoch = 1; epoch <= lastBoundary; epoch++) {
            for (DueKick kick : desk.dueAfter(epoch)) {
                kicked.add(epoch);
                desk.applied(kick, epoch);
            }
        }
        return kicked;
    }

    @Test
    void periodicCommandActsAfterFromEpochAndEveryTauAndIsAckedWithThoseEpochs() {
        CommandDesk desk = desk(10, 0, CommandLedger.inMemory());
        send(desk, command("c1", "exp-s0", Schedule.every(3).fromEpoch(2)));

        assertThat(applyThrough(desk, 10)).containsExactly(2, 5, 8);
        assertThat(acks).extracting(Ack::status).containsOnly(Ack.Status.APPLIED);
        assertThat(acks).extracting(Ack::epoch).containsExactly(2, 5, 8);
        assertThat(acks).extracting(Ack::commandId).containsOnly("c1");
    }

    @Test
    void aNewPeriodicScheduleReplacesTheOldAndStopCancelsIt() {
        CommandDesk desk = desk(20, 0, CommandLedger.inMemory());
        send(desk, command("c1", "exp-s0", Schedule.every(3).fromEpoch(3)));
        List<Integer> kicked = new ArrayList<>(applyThrough(desk, 7));
        send(desk, new Command("c2", "exp", "exp-s0", PerturbationKind.SHRINK_PERTURB, Map.of(),
                Schedule.every(5).fromEpoch(10), NOW, "exploit-5"));
        for (int epoch = 8; epoch <= 12; epoch++) {
            for (DueKick kick : desk.dueAfter(epoch)) {
                kicked.add(epoch);
                desk.applied(kick, epoch);
            }
        }
        send(desk, new Command("c3", "exp", "exp-s0", PerturbationKind.SHRINK_PERTURB, Map.of(), Schedule.stop(), NOW));
        for (int epoch = 13; epoch <= 19; epoch++) {
            assertThat(desk.dueAfter(epoch)).isEmpty();
        }

        assertThat(kicked).containsExactly(3, 6, 10);
        assertThat(acks).extracting(Ack::commandId, Ack::epoch).containsExactly(
                org.assertj.core.groups.Tuple.tuple("c1", 3), org.assertj.core.groups.Tuple.tuple("c1", 6),
                org.assertj.core.groups.Tuple.tuple("c2", 10), org.assertj.core.groups.Tuple.tuple("c3", 13));
        assertThat(desk.assignedArm()).hasValue("exploit-5");
    }

    @Test
    void nextEpochCommandActsOnceAtTheFirstBoundaryAfterItArrived() {
        CommandDesk desk = desk(10, 0, CommandLedger.inMemory());
        applyThrough(desk, 3);
        send(desk, command("c1", "exp-s0", Schedule.nextEpoch()));

        assertThat(desk.dueAfter(4)).extracting(k -> k.perturbation().describe())
                .containsExactly("shrink_perturb(shrink=0.4, perturb=0.1)");
        assertThat(desk.dueAfter(5)).isEmpty();
    }

    @Test
    void duplicateCommandIdIsIgnoredAndAnsweredOnce() {
        CommandDesk desk = desk(10, 0, CommandLedger.inMemory());
        Command command = command("c1", "exp-s0", Schedule.nextEpoch());
        send(desk, command);
        send(desk, command);

        assertThat(applyThrough(desk, 3)).containsExactly(1);
        assertThat(acks).hasSize(1);
    }

    @Test
    void commandForAnotherRunIsRefusedWithTheReason() {
        CommandDesk desk = desk(10, 0, CommandLedger.inMemory());
        send(desk, command("c9", "exp-s7", Schedule.nextEpoch()));

        assertThat(applyThrough(desk, 2)).isEmpty();
        assertThat(acks).containsExactly(new Ack("c9", "exp", "exp-s0", Ack.Status.REFUSED, null,
                "command is for run exp-s7, this is run exp-s0", NOW));
    }

    @Test
    void commandWithInvalidParametersIsRefusedNamingTheRuleAndValue() {
        CommandDesk desk = desk(10, 0, CommandLedger.inMemory());
        String body = "{\"schema\":1,\"command_id\":\"c2\",\"experiment\":\"exp\",\"run_id\":\"exp-s0\","
                + "\"kind\":\"shrink_perturb\",\"params\":{\"shrink\":1.5},\"schedule\":{\"type\":\"next_epoch\"},"
                + "\"issued_at\":\"2025-03-01T12:00:00Z\"}";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CloudEventHeaders.ID, "c2");

        desk.receive(headers, body.getBytes(StandardCharsets.UTF_8));

        assertThat(acks).singleElement().satisfies(ack -> {
            assertThat(ack.status()).isEqualTo(Ack.Status.REFUSED);
            assertThat(ack.commandId()).isEqualTo("c2");
            assertThat(ack.reason())
                    .isEqualTo("invalid command: shrink_perturb parameter 'shrink' must be in (0, 1]: 1.5");
        });
    }

    @Test
    void anUnreadableCommandWhoseCeIdCannotBeAnsweredIsDroppedAndLaterCommandsStillArrive() {
        // An ack cannot name a ce_id longer than any command id; building one threw and stopped the listener.
        CommandDesk desk = desk(10, 0, CommandLedger.inMemory());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CloudEventHeaders.ID, "c".repeat(InputLimits.MAX_COMMAND_ID_CHARS + 1));

        desk.receive(headers, "{not json".getBytes(StandardCharsets.UTF_8));
        send(desk, command("c3", "exp-s0", Schedule.nextEpoch()));

        assertThat(acks).isEmpty();
        assertThat(applyThrough(desk, 1)).containsExactly(1);
    }

    @Test
    void commandWhoseHeadersDisagreeWithItsBodyIsRefused() {
        CommandDesk desk = desk(10, 0, CommandLedger.inMemory());
        Command command = command("c3", "exp-s0", Schedule.nextEpoch());
        Map<String, String> headers = new LinkedHashMap<>(CloudEventHeaders.forCommand(command, "/test"));
        headers.put(CloudEventHeaders.SUBJECT, "exp-s1");

        desk.receive(headers, ProtocolJson.writeBytes(command));

        assertThat(acks).extracting(Ack::reason).containsExactly(
                "invalid CloudEvents headers: ce_subject must equal run_id \"exp-s0\": \"exp-s1\"");
    }

    @Test
    void scheduleThatWouldFirstActAfterTheLastEpochIsRefused() {
        CommandDesk desk = desk(6, 0, CommandLedger.inMemory());
        send(desk, command("c4", "exp-s0", Schedule.every(5).fromEpoch(6)));

        assertThat(acks).extracting(Ack::reason)
                .containsExactly("schedule first acts after epoch 6, but the run ends after epoch 6");
    }

    @Test
    void finishingRefusesCommandsThatNeverGotToAct() {
        CommandDesk desk = desk(10, 0, CommandLedger.inMemory());
        applyThrough(desk, 3);
        send(desk, command("c5", "exp-s0", Schedule.nextEpoch()));

        desk.finish(3);

        assertThat(acks).extracting(Ack::reason)
                .containsExactly("the run finished after epoch 3 before the command could act");
    }

    @Test
    void resumedRunReplaysKicksAckedAfterItsCheckpointWithoutAckingThemAgain() {
        Path ledgerFile = dir.resolve("commands.ledger");
        CommandDesk first = desk(10, 0, CommandLedger.inFile(ledgerFile));
        Command oneShot = command("once", "exp-s0", Schedule.nextEpoch());
        Command periodic = command("every2", "exp-s0", Schedule.every(2).fromEpoch(2));
        applyThrough(first, 2);
        send(first, oneShot);
        send(first, periodic);
        for (int epoch = 3; epoch <= 4; epoch++) {
            for (DueKick kick : first.dueAfter(epoch)) {
                first.applied(kick, epoch);
            }
        }
        assertThat(acks).extracting(Ack::commandId, Ack::epoch)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("once", 3),
                        org.assertj.core.groups.Tuple.tuple("every2", 4));
        acks.clear();

        // Killed during epoch 5 with its last checkpoint after epoch 2: epochs 3 and 4 run again.
        CommandDesk resumed = desk(10, 2, CommandLedger.inFile(ledgerFile));
        send(resumed, oneShot);
        send(resumed, periodic);
        List<String> kicks = new ArrayList<>();
        for (int epoch = 3; epoch <= 6; epoch++) {
            for (DueKick kick : resumed.dueAfter(epoch)) {
                kicks.add(kick.command().commandId() + "@" + epoch);
                resumed.applied(kick, epoch);
            }
        }

        assertThat(kicks).containsExactly("once@3", "every2@4", "every2@6");
        assertThat(acks).extracting(Ack::commandId, Ack::epoch)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("every2", 6));
        assertThat(resumed.appliedUpTo(4)).containsExactly("once", "every2");
    }
}
