package dev.firstpass.core.protocol;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;

/**
 * A run reporting that it will send no more epochs.
 *
 * @param experiment the experiment this run belongs to
 * @param runId the run
 * @param time when the run finished
 * @param reason why it finished
 * @param lastEpoch the last epoch evaluated; 0 when it failed before the first
 */
@JsonPropertyOrder({"schema", "type", "experiment", "run_id", "time", "reason", "last_epoch"})
public record RunFinished(
        String experiment,
        String runId,
        Instant time,
        Reason reason,
        int lastEpoch) implements RunLifecycle {

    /** Why a run finished; written in lower case. */
    public enum Reason {
        /** It used its epoch budget. */
        COMPLETED,
        /** Something asked it to stop early, e.g. after reaching its target. */
        STOPPED,
        /** It crashed or diverged beyond recovery. */
        FAILED;

        @JsonValue
        public String wireName() {
            return JsonFields.wireName(this);
        }
    }

    public RunFinished {
        Violations v = new Violations();
        v.requireId("experiment", experiment);
        v.requireId("run_id", runId);
        v.require("time", time);
        v.require("reason", reason);
        v.atLeast("last_epoch", lastEpoch, 0);
        v.throwIfAny();
    }

    @Override
    public String type() {
        return RUN_FINISHED;
    }

    static RunFinished decode(JsonFields in) {
        String experiment = in.text("experiment");
        String runId = in.text("run_id");
        Instant time = in.instant("time");
        Reason reason = in.choice("reason", Reason.class);
        int lastEpoch = in.requiredInteger("last_epoch");
        return in.build(() -> new RunFinished(experiment, runId, time, reason, lastEpoch));
    }
}
