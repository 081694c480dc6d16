package dev.firstpass.trainer.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What a {@link RunListener} hears about a run; every event names the run and the epoch it concerns. */
public sealed interface RunEvent {

    String runId();

    /** The epoch the event concerns: the one evaluated, the one after which a kick acted, or the last one. */
    int epoch();

    /**
     * A run begins a segment: epoch 0 for a fresh run, the checkpoint's epoch for a resumed one.
     *
     * @param segment 0, or how many times the run resumed
     */
    record Started(String runId, int epoch, int segment, int maxEpochs) implements RunEvent {
    }

    /**
     * An epoch was trained and evaluated.
     *
     * @param metrics its metrics, named as in {@link MetricNames}
     * @param perturbationsApplied kicks before this epoch's evaluation
     */
    record EpochCompleted(String runId, int epoch, int segment, Map<String, Double> metrics,
            int perturbationsApplied) implements RunEvent {
        public EpochCompleted {
            metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        }
    }

    /**
     * A kick acted after {@code epoch}.
     *
     * @param perturbation what was applied, e.g. "shrink_perturb(shrink=0.4, perturb=0.1)"
     * @param reason who ordered it: "command ID" or "local schedule ..."
     * @param perturbationsApplied kicks so far, this one included
     */
    record PerturbationApplied(String runId, int epoch, String perturbation, String reason,
            int perturbationsApplied) implements RunEvent {
    }

    /**
     * A command was refused; heard on the command thread.
     *
     * @param epoch the last epoch evaluated when it was refused
     */
    record CommandRefused(String runId, int epoch, String commandId, String reason) implements RunEvent {
    }

    /**
     * The run stopped training after {@code epoch}.
     *
     * @param failure the error, when the reason is {@link EndReason#FAILED}
     */
    record Ended(String runId, int epoch, EndReason reason, Optional<Throwable> failure) implements RunEvent {
    }
}
