package dev.firstpass.trainer.command;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.CloudEventHeaders;
import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.InvalidRecordException;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.Schedule;
import dev.firstpass.core.protocol.signing.CommandVerifier;
import dev.firstpass.core.protocol.signing.Verification;
import dev.firstpass.trainer.perturb.Perturbation;
import dev.firstpass.trainer.perturb.Perturbations;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what happens to each command addressed to one run: refused with a reason, ignored as a
 * duplicate, or scheduled for an epoch boundary, and answers with acks.
 *
 * <p>Commands arrive on the listener thread ({@link #receive}); the training thread asks at each epoch
 * boundary what is due ({@link #dueAfter}) and reports what it applied ({@link #applied}). A command
 * id is answered once: a redelivered command is ignored, and a resumed run re-applies, without a new
 * ack, the kicks it had acknowledged after its last checkpoint, so each ack stays true of the
 * trajectory the run reports. A new periodic schedule replaces the one before it; a stop command
 * cancels it. The arm named by the latest accepted command becomes the run's arm.
 *
 * <p>A desk given a {@link CommandVerifier} authenticates each record before anything else. A record
 * that fails is refused with an ack whose reason starts {@value #AUTHENTICATION_FAILED} and names
 * the verdict (unsigned, unknown key id, bad signature, stale, replayed), unless the run already knows
 * its id (answered, by this process or, through the ledger, an earlier one; or received earlier by this
 * process): then it is skipped as a duplicate, as it always was. That rule is what keeps restarts
 * quiet: the listener re-reads the whole topic, so every old command comes back stale (and, within
 * the window, a copy is a replay), and answering it again would contradict the answer the run gave
 * when it was fresh. A command that was never answered and is stale is refused, except one this run
 * admitted while fresh and had not yet answered (see {@link CommandLedger#admitted}). Refusals of
 * records whose signature did not verify are acked but not written to the ledger: their sender is
 * unknown, and a forgery sent ahead of a genuine command with the same id must not make the run
 * ignore the genuine one.
 */
public final class CommandDesk {

    /** How the reason of every refusal by authentication starts; the verdict's reason follows. */
    public static final String AUTHENTICATION_FAILED = "command authentication failed: ";

    private static final Logger LOG = LoggerFactory.getLogger(CommandDesk.class);

    private final String experiment;
    private final String runId;
    private final int lastEpoch;
    private final CommandLedger ledger;
    private final Consumer<Ack> acks;
    private final Clock clock;
    private final CommandVerifier verifier;
    private final Set<String> known = new HashSet<>();
    private final ArrayDeque<Command> arrived = new ArrayDeque<>();
    private final List<Command> periodic = new ArrayList<>();
    private final TreeMap<Integer, List<Command>> replays = new TreeMap<>();
    private String assignedArm;
    private int boundary;

    /**
     * @param experiment the run's experiment
     * @param runId the run
     * @param lastEpoch the run's final epoch; nothing is applied after it, since no training follows
     * @param resumedAfter the epoch the run continues after (0 for a fresh run)
     * @param ledger the answers given so far, by this process or earlier ones of the same run
     * @param acks where acks go
     * @param clock the time of each ack
     */
    public CommandDesk(String experiment, String runId, int lastEpoch, int resumedAfter, CommandLedger ledger,
            Consumer<Ack> acks, Clock clock) {
        this(experiment, runId, lastEpoch, resumedAfter, ledger, acks, clock, null);
    }

    /**
     * A desk that takes only commands {@code verifier} authenticates.
     *
     * @param verifier checks signature, age and replays of every command; null takes commands unchecked
     * @see #CommandDesk(String, String, int, int, CommandLedger, Consumer, Clock)
     */
    public CommandDesk(String experiment, String runId, int lastEpoch, int resumedAfter, CommandLedger ledger,
            Consumer<Ack> acks, Clock clock, CommandVerifier verifier) {
        this.verifier = verifier;
        this.experiment = experiment;
        this.runId = runId;
        this.lastEpoch = lastEpoch;
        this.ledger = ledger;
        this.acks = acks;
        this.clock = clock;
        this.boundary = resumedAfter;
        for (CommandLedger.Entry entry : ledger.entries()) {
            known.add(entry.ack().commandId());
            Command command = entry.command();
            if (!entry.applied() || command == null) {
                continue;
            }
            adoptArm(command);
            if (command.schedule() instanceof Schedule.Periodic) {
                if (periodic.stream().noneMatch(p -> p.commandId().equals(command.commandId()))) {
                    periodic.clear();
                    periodic.add(command);
                }
            } else if (command.schedule() instanceof Schedule.Stop) {
                periodic.clear();
            } else if (entry.ack().epoch() > resumedAfter) {
                replays.computeIfAbsent(entry.ack().epoch(), e -> new ArrayList<>()).add(command);
            }
        }
    }

    /**
     * Takes one record addressed to this run (its key is the run id): authenticates it when the desk has
     * a verifier, validates headers and body, ignores a known command id, refuses what cannot be carried
     * out, and queues the rest.
     */
    public synchronized void receive(Map<String, String> headers, byte[] body) {
        boolean fresh = false;
        if (verifier != null) {
            Verification verdict = verifier.verify(headers, body);
            String claimed = claimedId(headers, body);
            boolean admittedBefore = verdict.outcome() == Verification.Outcome.STALE && claimed != null
                    && ledger.admitted(claimed);
            if (!verdict.accepted() && !admittedBefore) {
                turnAway(claimed, verdict, body);
                return;
            }
            fresh = verdict.accepted();
        }
        String headerId = headers.get(CloudEventHeaders.ID);
        Command command;
        try {
            command = ProtocolJson.parseCommand(body);
        } catch (InvalidRecordException e) {
            if (headerId == null || headerId.isBlank()) {
                LOG.warn("run {}: dropping a command without ce_id that cannot be read: {}", runId, e.getMessage());
            } else if (known.add(headerId)) {
                refuseUnreadable(headerId, e);
            }
            return;
        }
        if (!known.add(command.commandId())) {
            LOG.debug("run {}: ignoring duplicate command {}", runId, command.commandId());
            return;
        }
        String problem = problemWith(command, headers);
        if (problem != null) {
            refuse(command.commandId(), command.experiment(), command, problem);
            return;
        }
        if (fresh) {
            ledger.admit(command);
        }
        arrived.addLast(command);
    }

    /** Answers a record that failed authentication, unless its id was answered before. */
    private void turnAway(String claimed, Verification verdict, byte[] body) {
        if (claimed == null) {
            LOG.warn("run {}: dropping a command without ce_id or command_id: {}", runId, verdict.reason());
            return;
        }
        if (known.contains(claimed)) {
            LOG.debug("run {}: ignoring command {}, already known: {}", runId, claimed, verdict.reason());
            return;
        }
        String reason = AUTHENTICATION_FAILED + verdict.reason();
        if (verdict.authentic()) {
            known.add(claimed);
            Command command = parsedOrNull(body);
            refuse(claimed, command == null ? null : command.experiment(), command, reason);
            return;
        }
        LOG.warn("run {}: refusing command {}: {}", runId, claimed, reason);
        acks.accept(new Ack(claimed, experiment, runId, Ack.Status.REFUSED, null, reason, clock.instant()));
    }

    /** The id a record gives itself: its ce_id, else its body's command_id; null when it has neither. */
    private static String claimedId(Map<String, String> headers, byte[] body) {
        String headerId = headers.get(CloudEventHeaders.ID);
        if (headerId != null && !headerId.isBlank()) {
            return headerId;
        }
        Command command = parsedOrNull(body);
        return command == null ? null : command.commandId();
    }

    private static Command parsedOrNull(byte[] body) {
        try {
            return ProtocolJson.parseCommand(body);
        } catch (InvalidRecordException e) {
            return null;
        }
    }

    /**
     * The kicks to apply between epoch {@code epoch}'s evaluation and the next epoch's training, in order:
     * replays of kicks acknowledged before a resume, commands that arrived for the next boundary, and
     * periodic schedules that fire now.
     */
    public synchronized List<DueKick> dueAfter(int epoch) {
        boundary = epoch;
        List<DueKick> due = new ArrayList<>();
        List<Command> replayed = replays.remove(epoch);
        if (replayed != null) {
            replayed.forEach(command -> due.add(kick(command)));
        }
        while (!arrived.isEmpty()) {
            Command command = arrived.removeFirst();
            adoptArm(command);
            if (command.schedule() instanceof Schedule.Periodic) {
                periodic.clear();
                periodic.add(command);
            } else if (command.schedule() instanceof Schedule.Stop) {
                periodic.clear();
                acknowledge(command, epoch);
            } else if (epoch < lastEpoch) {
                due.add(kick(command));
            } else {
                refuse(command.commandId(), command.experiment(), command,
                        "the run ended after epoch " + lastEpoch + " before the command could act");
            }
        }
        if (epoch < lastEpoch) {
            for (Command command : periodic) {
                Schedule.Periodic schedule = (Schedule.Periodic) command.schedule();
                if (epoch >= schedule.fromEpoch() && (epoch - schedule.fromEpoch()) % schedule.every() == 0) {
                    due.add(kick(command));
                }
            }
        }
        return due;
    }

    /** Records that {@code kick} acted after {@code epoch} and acks it, unless that was acked before. */
    public synchronized void applied(DueKick kick, int epoch) {
        acknowledge(kick.command(), epoch);
    }

    /** The arm the latest accepted command assigned this run to, if any. */
    public synchronized Optional<String> assignedArm() {
        return Optional.ofNullable(assignedArm);
    }

    private void acknowledge(Command command, int epoch) {
        if (ledger.appliedAfter(command.commandId(), epoch)) {
            return;
        }
        Ack ack = Ack.applied(command, epoch, clock.instant());
        ledger.append(ack, command);
        acks.accept(ack);
    }

    private void adoptArm(Command command) {
        if (command.arm() != null) {
            assignedArm = command.arm();
        }
    }

    /**
     * Answers what will now never act because the run ended after {@code epoch}: commands still waiting
     * for a boundary, and periodic schedules that never fired.
     */
    public synchronized void finish(int epoch) {
        String reason = "the run finished after epoch " + epoch + " before the command could act";
        while (!arrived.isEmpty()) {
            Command command = arrived.removeFirst();
            refuse(command.commandId(), command.experiment(), command, reason);
        }
        for (Command command : periodic) {
            boolean acted = ledger.entries().stream()
                    .anyMatch(e -> e.applied() && e.ack().commandId().equals(command.commandId()));
            if (!acted) {
                refuse(command.commandId(), command.experiment(), command, reason);
            }
        }
        periodic.clear();
    }

    /** The ids of the commands applied after epochs up to {@code epoch}. */
    public List<String> appliedUpTo(int epoch) {
        return ledger.appliedUpTo(epoch);
    }

    private String problemWith(Command command, Map<String, String> headers) {
        if (!command.runId().equals(runId)) {
            return "command is for run " + command.runId() + ", this is run " + runId;
        }
        if (!command.experiment().equals(experiment)) {
            return "command is for experiment " + command.experiment() + ", run " + runId + " belongs to "
                    + experiment;
        }
        List<String> headerProblems = CloudEventHeaders.violations(headers, command);
        if (!headerProblems.isEmpty()) {
            return "invalid CloudEvents headers: " + String.join("; ", headerProblems);
        }
        if (command.schedule() instanceof Schedule.Stop) {
            return null;
        }
        try {
            Perturbations.of(command.kind(), command.params());
        } catch (IllegalArgumentException e) {
            return "invalid parameters: " + e.getMessage();
        }
        if (command.schedule() instanceof Schedule.Periodic schedule) {
            int first = firstFiring(schedule, boundary + 1);
            if (first >= lastEpoch) {
                return "schedule first acts after epoch " + first + ", but the run ends after epoch " + lastEpoch;
            }
        }
        return null;
    }

    /** The first epoch, from {@code earliest} on, after which {@code schedule} fires. */
    private static int firstFiring(Schedule.Periodic schedule, int earliest) {
        if (earliest <= schedule.fromEpoch()) {
            return schedule.fromEpoch();
        }
        int periods = (earliest - schedule.fromEpoch() + schedule.every() - 1) / schedule.every();
        return schedule.fromEpoch() + periods * schedule.every();
    }

    private DueKick kick(Command command) {
        Perturbation perturbation = Perturbations.of(command.kind(), command.params());
        return new DueKick(command, perturbation);
    }

    // An ack names the command by its id; a ce_id that breaks the protocol's rules for ids (too long, not
    // well-formed text) cannot be named, and throwing here would stop the listener for every later command.
    private void refuseUnreadable(String headerId, InvalidRecordException unreadable) {
        try {
            refuse(headerId, experiment, null, "invalid command: " + unreadable.getMessage());
        } catch (InvalidRecordException unanswerable) {
            LOG.warn("run {}: dropping a command that cannot be read and whose ce_id cannot be answered ({}): {}",
                    runId, unanswerable.getMessage(), unreadable.getMessage());
        }
    }

    private void refuse(String commandId, String commandExperiment, Command command, String reason) {
        LOG.info("run {}: refusing command {}: {}", runId, commandId, reason);
        Ack ack = new Ack(commandId, commandExperiment == null ? experiment : commandExperiment, runId,
                Ack.Status.REFUSED, null, reason, clock.instant());
        ledger.append(ack, command);
        acks.accept(ack);
    }
}
