package dev.firstpass.core.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * One entry of the controller's audit trail on {@code training.control.decisions}, keyed by experiment.
 *
 * <p>The trail is also the controller's memory: a restarted controller rebuilds its state by taking
 * every decision back in order, so a decision states everything it changed, not only why. Null
 * fields are left out of the JSON; the command is written exactly as it went to the trainer.
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
@JsonInclude(JsonInclude.Include.NON_NULL)
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
        Instant time) implements WireMessage {

    public Decision {
        Violations v = new Violations();
        v.requireId("experiment", experiment);
        v.atLeast("sequence", sequence, 1);
        v.require("type", type);
        v.require("phase", phase);
        v.requireText("reason", reason);
        v.require("time", time);
        v.optionalId("run_id", runId);
        v.optionalId("arm", arm);
        v.optionalId("command_id", commandId);
        if (type != null && !type.experimentWide() && runId == null) {
            v.add("run_id", "run_id is required for " + type.wireName());
        }
        if (type == DecisionType.ARM_ASSIGNED && role == null) {
            v.add("role", "role is required for " + type.wireName());
        }
        if (type == DecisionType.COMMAND_ISSUED && command == null) {
            v.add("command", "command is required for " + type.wireName());
        }
        if ((type == DecisionType.PROBE_ADDED || type == DecisionType.PROBE_CONCLUDED) && tau == null) {
            v.add("tau", "tau is required for " + type.wireName());
        }
        if ((type == DecisionType.COMMAND_ISSUED || type == DecisionType.REFUSAL_SEEN) && commandId == null) {
            v.add("command_id", "command_id is required for " + type.wireName());
        }
        if (command != null && !command.commandId().equals(commandId)) {
            v.add("command_id", "command_id must equal the command's id " + command.commandId() + ": " + commandId);
        }
        v.throwIfAny();
    }

    static Decision decode(JsonFields in) {
        String experiment = in.text("experiment");
        long sequence = in.requiredLong("sequence");
        DecisionType type = in.choice("type", DecisionType.class);
        Phase phase = in.choice("phase", Phase.class);
        String runId = in.text("run_id");
        Role role = in.choice("role", Role.class);
        String arm = in.text("arm");
        Integer tau = in.integer("tau");
        Integer tauLow = in.integer("tau_low");
        Integer tauHigh = in.integer("tau_high");
        Integer epoch = in.integer("epoch");
        String commandId = in.text("command_id");
        Command command = in.message("command", Command::decode);
        boolean dryRun = in.bool("dry_run", false);
        JsonFields evidence = in.object("evidence");
        Evidence decoded = evidence == null ? null : Evidence.decode(evidence);
        String reason = in.text("reason");
        Instant time = in.instant("time");
        return in.build(() -> new Decision(experiment, sequence, type, phase, runId, role, arm, tau, tauLow, tauHigh,
                epoch, commandId, command, dryRun, decoded, reason, time));
    }
}
