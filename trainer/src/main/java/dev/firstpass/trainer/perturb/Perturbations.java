package dev.firstpass.trainer.perturb;

import dev.firstpass.core.protocol.PerturbationKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The perturbations a trainer applies, built from validated parameters.
 *
 * <p>Parameters follow {@link PerturbationKind}'s names, defaults and ranges; a bad value is refused
 * with a message that names the rule and the value, e.g. "shrink must be in (0, 1]: 1.5".
 */
public final class Perturbations {

    /** Paper value of the shrink factor lambda. */
    public static final double DEFAULT_SHRINK = 0.4;
    /** Paper value of the scale sigma of the fresh weights added. */
    public static final double DEFAULT_PERTURB = 0.1;

    private Perturbations() {
    }

    /** theta <- shrink * theta + perturb * theta_fresh on every learned parameter; optimizer state re-created. */
    public static Perturbation shrinkPerturb(double shrink, double perturb) {
        List<String> problems = new ArrayList<>();
        if (!(shrink > 0 && shrink <= 1)) {
            problems.add("shrink must be in (0, 1]: " + shrink);
        }
        if (!(perturb >= 0) || !Double.isFinite(perturb)) {
            problems.add("perturb must be at least 0: " + perturb);
        }
        throwIfAny(problems);
        return new ShrinkPerturb(shrink, perturb);
    }

    /** Shrink and perturb with the paper's values, 0.4 and 0.1. */
    public static Perturbation shrinkPerturb() {
        return shrinkPerturb(DEFAULT_SHRINK, DEFAULT_PERTURB);
    }

    /**
     * In every weight tensor, the {@code fraction} of entries with the smallest magnitude are re-drawn
     * from a fresh initialisation; biases, normalisation parameters and optimizer state are kept.
     */
    public static Perturbation partialReset(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1]: " + fraction);
        }
        return new PartialReset(fraction);
    }

    /** Every parameter re-initialised, optimizer state re-created, learning-rate schedule restarted. */
    public static Perturbation fullReset() {
        return new FullReset();
    }

    /** The learning-rate schedule restarted and the optimizer state re-created; weights kept. */
    public static Perturbation warmRestart() {
        return new WarmRestart();
    }

    /** Gaussian noise of standard deviation {@code sigma} added to every learned parameter. */
    public static Perturbation weightNoise(double sigma) {
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be greater than 0: " + sigma);
        }
        return new WeightNoise(sigma);
    }

    /**
     * The perturbation of {@code kind} with {@code params}; parameters left out take the kind's defaults.
     *
     * @throws IllegalArgumentException listing unknown, missing and out-of-range parameters
     */
    public static Perturbation of(PerturbationKind kind, Map<String, Double> params) {
        List<String> problems = new ArrayList<>();
        Set<String> known = kind.parameterNames();
        for (String name : params.keySet()) {
            if (!known.contains(name)) {
                problems.add(kind.wireName() + " does not take parameter '" + name + "' (takes "
                        + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
            }
        }
        Map<String, Double> complete = new HashMap<>(kind.defaults());
        complete.putAll(params);
        for (String name : known) {
            if (complete.get(name) == null) {
                problems.add(kind.wireName() + " needs parameter '" + name + "'");
            }
        }
        throwIfAny(problems);
        return switch (kind) {
            case SHRINK_PERTURB -> shrinkPerturb(complete.get("shrink"), complete.get("perturb"));
            case PARTIAL_RESET -> partialReset(complete.get("fraction"));
            case FULL_RESET -> fullReset();
            case WARM_RESTART -> warmRestart();
            case WEIGHT_NOISE -> weightNoise(complete.get("sigma"));
        };
    }

    private static void throwIfAny(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }
}
