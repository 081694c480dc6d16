package dev.firstpass.core.protocol;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Map;

/**
 * An order to one run to apply a perturbation, once or on a schedule.
 *
 * <p>Parameters left out are filled with the kind's defaults when the command is built, so the
 * command on the wire and in the audit trail states exactly what the trainer will do.
 *
 * @param commandId unique id; also the CloudEvents {@code ce_id}, which trainers use to apply a
 *     redelivered command only once
 * @param experiment the experiment of the run
 * @param runId the run to perturb
 * @param kind the perturbation
 * @param params the perturbation's parameters, validated against {@code kind}
 * @param schedule when to act
 * @param issuedAt when the controller issued the command
 * @param arm the arm the controller assigns the run to, which the trainer then reports in its
 *     epoch events; null leaves the run's arm as it is
 */
@JsonPropertyOrder({"schema", "command_id", "experiment", "run_id", "kind", "params", "schedule", "issued_at", "arm"})
public record Command(
        String commandId,
        String experiment,
        String runId,
        PerturbationKind kind,
        Map<String, Double> params,
        Schedule schedule,
        Instant issuedAt,
        String arm) implements WireMessage {

    public Command {
        Violations v = new Violations();
        v.requireId("command_id", commandId);
        v.requireId("experiment", experiment);
        v.requireId("run_id", runId);
        v.require("kind", kind);
        Map<String, Double> given = OrderedCopies.of(params);
        if (kind != null) {
            kind.check(v, given);
        }
        v.require("schedule", schedule);
        v.require("issued_at", issuedAt);
        v.optionalId("arm", arm);
        v.throwIfAny();
        params = kind.withDefaults(given);
    }

    /** A command that leaves the run's arm as it is. */
    public Command(String commandId, String experiment, String runId, PerturbationKind kind,
                   Map<String, Double> params, Schedule schedule, Instant issuedAt) {
        this(commandId, experiment, runId, kind, params, schedule, issuedAt, null);
    }

    static Command decode(JsonFields in) {
        String commandId = in.text("command_id");
        String experiment = in.text("experiment");
        String runId = in.text("run_id");
        PerturbationKind kind = in.choice("kind", PerturbationKind.class);
        Map<String, Double> params = in.numbers("params",
                name -> kind == null ? "parameter '" + name + "'" : kind.subject(name));
        JsonFields schedule = in.object("schedule");
        Schedule decoded = schedule == null ? null : decodeSchedule(schedule);
        Instant issuedAt = in.instant("issued_at");
        String arm = in.text("arm");
        return in.build(() -> new Command(commandId, experiment, runId, kind, params, decoded, issuedAt, arm));
    }

    private static Schedule decodeSchedule(JsonFields in) {
        String type = in.text("type");
        if (Schedule.NEXT_EPOCH.equals(type)) {
            return Schedule.nextEpoch();
        }
        if (Schedule.STOP.equals(type)) {
            return Schedule.stop();
        }
        if (Schedule.PERIODIC.equals(type)) {
            int every = in.requiredInteger("every");
            int fromEpoch = in.requiredInteger("from_epoch");
            return in.attempt(() -> new Schedule.Periodic(every, fromEpoch));
        }
        in.violations().add("schedule.type", type == null
                ? "schedule.type is required (next_epoch, periodic or stop)"
                : "schedule.type must be next_epoch, periodic or stop: " + Violations.show(type));
        return null;
    }
}
