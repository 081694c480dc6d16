package dev.firstpass.core.protocol;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * All metrics of one epoch of one run, as a trainer reports them.
 *
 * <p>Non-finite metric values (a diverged loss) are kept and flagged, never dropped: a run that blows
 * up is exactly what first-passage statistics must see. They travel as the strings "NaN", "Infinity"
 * and "-Infinity" because JSON has no such numbers.
 *
 * @param experiment the experiment this run belongs to
 * @param runId the run; ids are at most {@value InputLimits#MAX_ID_CHARS} characters
 * @param arm the experiment arm (e.g. the perturbation period under test), or null
 * @param epoch the epoch just evaluated, counting from 1
 * @param segment how many times the run resumed from a checkpoint; a resumed run repeats epochs, and
 *     the segment tells the repeats apart
 * @param time when the epoch was evaluated
 * @param metrics metric values in the order reported; never empty, at most
 *     {@value InputLimits#MAX_METRICS}, names at most {@value InputLimits#MAX_METRIC_NAME_CHARS} characters
 * @param perturbationsApplied perturbations applied to this run so far
 * @param hyperparams hyperparameters as text; empty when none were reported
 */
@JsonPropertyOrder({"schema", "experiment", "run_id", "arm", "epoch", "segment", "time", "metrics",
    "perturbations_applied", "hyperparams"})
public record EpochEvent(
        String experiment,
        String runId,
        String arm,
        int epoch,
        int segment,
        Instant time,
        Map<String, Double> metrics,
        int perturbationsApplied,
        Map<String, String> hyperparams) implements WireMessage {

    public EpochEvent {
        Violations v = new Violations();
        v.requireId("experiment", experiment);
        v.requireId("run_id", runId);
        v.optionalId("arm", arm);
        v.atLeast("epoch", epoch, 1);
        v.atLeast("segment", segment, 0);
        v.require("time", time);
        v.require("metrics", metrics);
        if (metrics != null) {
            v.atMost("metrics", metrics.size(), InputLimits.MAX_METRICS, "metrics");
            v.numbers("metrics", metrics, EpochEvent::subject);
            metrics.keySet().forEach(name -> v.name("metrics", name, InputLimits.MAX_METRIC_NAME_CHARS));
            if (metrics.isEmpty()) {
                v.add("metrics", "metrics must not be empty");
            }
        }
        v.atLeast("perturbations_applied", perturbationsApplied, 0);
        if (hyperparams != null) {
            v.strings("hyperparams", hyperparams);
        }
        v.throwIfAny();
        metrics = OrderedCopies.of(metrics);
        hyperparams = OrderedCopies.of(hyperparams);
    }

    /** The value of a metric, present even when non-finite (see {@link #nonFiniteMetrics()}). */
    public OptionalDouble metric(String name) {
        Double value = metrics.get(name);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /** Names of the metrics whose value is NaN or infinite, in reported order. */
    public Set<String> nonFiniteMetrics() {
        Set<String> names = new LinkedHashSet<>();
        metrics.forEach((name, value) -> {
            if (!Double.isFinite(value)) {
                names.add(name);
            }
        });
        return Collections.unmodifiableSet(names);
    }

    static EpochEvent decode(JsonFields in) {
        String experiment = in.text("experiment");
        String runId = in.text("run_id");
        String arm = in.text("arm");
        int epoch = in.requiredInteger("epoch");
        int segment = in.integer("segment", 0);
        Instant time = in.instant("time");
        Map<String, Double> metrics = in.numbers("metrics", EpochEvent::subject, InputLimits.MAX_METRICS);
        int perturbationsApplied = in.integer("perturbations_applied", 0);
        Map<String, String> hyperparams = in.strings("hyperparams");
        return in.build(() -> new EpochEvent(
                experiment, runId, arm, epoch, segment, time, metrics, perturbationsApplied, hyperparams));
    }

    private static String subject(String metric) {
        return "metric " + Violations.showName(metric);
    }
}
