package dev.firstpass.core.protocol;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;

/**
 * A trainer's answer to a {@link Command}: applied after a given epoch, or refused with a reason.
 *
 * <p>The epoch of an applied command is what lets the monitor place kicks exactly on a run's
 * trajectory, so it is required whenever the command was applied.
 *
 * @param commandId the command answered
 * @param experiment the experiment of the run
 * @param runId the run that answers
 * @param status applied or refused
 * @param epoch the epoch after which the perturbation acted; required when applied, may be null when
 *     refused
 * @param reason why the command was refused; required when refused
 * @param time when the trainer answered
 */
@JsonPropertyOrder({"schema", "command_id", "experiment", "run_id", "status", "epoch", "reason", "time"})
public record Ack(
        String commandId,
        String experiment,
        String runId,
        Status status,
        Integer epoch,
        String reason,
        Instant time) implements WireMessage {

    /** Whether the command was carried out; written in lower case. */
    public enum Status {
        APPLIED,
        REFUSED;

        @JsonValue
        public String wireName() {
            return JsonFields.wireName(this);
        }
    }

    public Ack {
        Violations v = new Violations();
        v.requireId("command_id", commandId);
        v.requireId("experiment", experiment);
        v.requireId("run_id", runId);
        v.require("status", status);
        if (status == Status.APPLIED && epoch == null) {
            v.add("epoch", "epoch is required when applied");
        }
        if (epoch != null) {
            v.atLeast("epoch", epoch, 1);
        }
        if (status == Status.REFUSED && reason == null) {
            v.add("reason", "reason is required when refused");
        }
        v.optionalText("reason", reason);
        v.require("time", time);
        v.throwIfAny();
    }

    /** The command took effect after {@code epoch}. */
    public static Ack applied(Command command, int epoch, Instant time) {
        return new Ack(command.commandId(), command.experiment(), command.runId(), Status.APPLIED, epoch, null,
                time);
    }

    /** The command was not carried out, for {@code reason}. */
    public static Ack refused(Command command, String reason, Instant time) {
        return new Ack(command.commandId(), command.experiment(), command.runId(), Status.REFUSED, null, reason,
                time);
    }

    static Ack decode(JsonFields in) {
        String commandId = in.text("command_id");
        String experiment = in.text("experiment");
        String runId = in.text("run_id");
        Status status = in.choice("status", Status.class);
        Integer epoch = in.integer("epoch");
        String reason = in.text("reason");
        Instant time = in.instant("time");
        return in.build(() -> new Ack(commandId, experiment, runId, status, epoch, reason, time));
    }
}
