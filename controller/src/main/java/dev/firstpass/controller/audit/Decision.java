package dev.firstpass.controller.audit;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.firstpass.core.protocol.Command;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of the controller's audit trail on {@code training.control.decisions}, keyed by experiment.
 *
 * <p>The trail is also the controller's memory: a restarted controller rebuilds its state by taking
 * every decision back in order, so a decision states everything it changed, not only why.
 *
 * @param experiment the experiment decided about
 * @param sequence 1 for an experiment's first decision, then one more for each
 * @param type what was decided
 * @param phase the experiment's phase once this decision is taken
 * @param runId the run concerned, or null for a decision about the whole experiment
 * @param role the run's role once assigned ({@link DecisionType#ARM_ASSIGNED}), else null
 * @param arm the arm assigned, or the arm a command gives; null when none
 * @param tau the period in force: tau0 or tau* for a phase or tau* change, the run's period for a
 *     run's decision, the further probe's period for {@link DecisionType#PROBE_ADDED} and
 *     {@link DecisionType#PROBE_CONCLUDED}; null when none
 * @param tauLow lower end of tau*'s interval, for a decision that sets tau*
 * @param tauHigh upper end of tau*'s interval, for a decision that sets tau*
 * @param epoch for a periodic command its first kick epoch, for a one-shot command the epoch whose
 *     boundary it is for, for an assignment the first epoch to kick after; else null
 * @param commandId the command issued ({@link DecisionType#COMMAND_ISSUED}) or refused
 *     ({@link DecisionType#REFUSAL_SEEN}), else null
 * @param command the command itself, for {@link DecisionType#COMMAND_ISSUED}
 * @param dryRun true when the command was decided but, by configuration, not sent
 * @param evidence the statistics behind the decision, or null before there are any
 * @param reason why, in words
 * @param time when the decision was taken
 */
@JsonPropertyOrder({"schema", "experiment", "sequence", "type", "phase", "run_id", "role", "arm", "tau", "tau_low",
    "tau_high", "epoch", "command_id", "command", "dry_run", "evidence", "reason", "time"})
public record Decision(
        String experiment,
        long sequence,
        DecisionType type,
        Phase phase,
        String runId,
        Role role,
        String arm,
        Integer tau,
        Integer tauLow,
        Integer tauHigh,
        Integer epoch,
        String commandId,
        Command command,
        boolean dryRun,
        Evidence evidence,
        String reason,
        Instant time) {

    /** The version written in the {@code schema} field, and the only one read. */
    public static final int SCHEMA = 1;

    public Decision {
        List<String> problems = new ArrayList<>();
        if (experiment == null || experiment.isBlank()) {
            problems.add("experiment is required");
        }
        if (sequence < 1) {
            problems.add("sequence must be at least 1: " + sequence);
        }
        if (type == null) {
            problems.add("type is required");
        }
        if (phase == null) {
            problems.add("phase is required");
        }
        if (reason == null || reason.isBlank()) {
            problems.add("reason is required");
        }
        if (time == null) {
            problems.add("time is required");
        }
        if (type != null && !type.experimentWide() && (runId == null || runId.isBlank())) {
            problems.add("run_id is required for " + type.wireName());
        }
        if (type == DecisionType.ARM_ASSIGNED && role == null) {
            problems.add("role is required for " + type.wireName());
        }
        if (type == DecisionType.COMMAND_ISSUED && command == null) {
            problems.add("command is required for " + type.wireName());
        }
        if ((type == DecisionType.PROBE_ADDED || type == DecisionType.PROBE_CONCLUDED) && tau == null) {
            problems.add("tau is required for " + type.wireName());
        }
        if ((type == DecisionType.COMMAND_ISSUED || type == DecisionType.REFUSAL_SEEN) && commandId == null) {
            problems.add("command_id is required for " + type.wireName());
        }
        if (command != null && !command.commandId().equals(commandId)) {
            problems.add("command_id must equal the command's id " + command.commandId() + ": " + commandId);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid decision: " + String.join("; ", problems));
        }
    }

    @JsonProperty("schema")
    public int schema() {
        return SCHEMA;
    }
}
