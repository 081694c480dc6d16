package dev.firstpass.core.protocol;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Map;

/**
 * A run announcing itself before its first epoch.
 *
 * @param experiment the experiment this run belongs to
 * @param runId the run
 * @param arm the experiment arm, or null
 * @param time when the run started
 * @param seed the random seed, so a run can be reproduced
 * @param maxEpochs the epoch budget; a run that reaches it without hitting a target is censored
 * @param controllable whether the run listens for commands; the controller never commands a run
 *     that did not say so, hence false by default
 * @param config the run's configuration as text; empty when none was given
 */
@JsonPropertyOrder({"schema", "type", "experiment", "run_id", "arm", "time", "seed", "max_epochs", "controllable",
    "config"})
public record RunStarted(
        String experiment,
        String runId,
        String arm,
        Instant time,
        long seed,
        int maxEpochs,
        boolean controllable,
        Map<String, String> config) implements RunLifecycle {

    public RunStarted {
        Violations v = new Violations();
        v.requireId("experiment", experiment);
        v.requireId("run_id", runId);
        v.optionalId("arm", arm);
        v.require("time", time);
        v.atLeast("max_epochs", maxEpochs, 1);
        if (config != null) {
            v.strings("config", config);
        }
        v.throwIfAny();
        config = OrderedCopies.of(config);
    }

    @Override
    public String type() {
        return RUN_STARTED;
    }

    static RunStarted decode(JsonFields in) {
        String experiment = in.text("experiment");
        String runId = in.text("run_id");
        String arm = in.text("arm");
        Instant time = in.instant("time");
        long seed = in.requiredLong("seed");
        int maxEpochs = in.requiredInteger("max_epochs");
        boolean controllable = in.bool("controllable", false);
        Map<String, String> config = in.strings("config");
        return in.build(() -> new RunStarted(experiment, runId, arm, time, seed, maxEpochs, controllable, config));
    }
}
