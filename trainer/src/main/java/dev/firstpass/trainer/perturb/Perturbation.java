package dev.firstpass.trainer.perturb;

import dev.firstpass.core.protocol.PerturbationKind;
import java.util.Map;

/**
 * A change applied in place to a network between two epochs (a "kick").
 *
 * <p>Every random draw of a kick comes from the seed passed to {@link #apply}, so a replayed kick
 * (after a resume) changes the network exactly as the original did.
 */
public interface Perturbation {

    PerturbationKind kind();

    /** The parameters as they travel in commands, defaults included, in the kind's canonical order. */
    Map<String, Double> params();

    /** Applies the kick to {@code target}, drawing fresh weights or noise from {@code drawSeed}. */
    void apply(PerturbationTarget target, long drawSeed);

    /** The kind and its parameters, e.g. "shrink_perturb(shrink=0.4, perturb=0.1)". */
    default String describe() {
        StringBuilder text = new StringBuilder(kind().wireName());
        if (!params().isEmpty()) {
            text.append('(');
            params().forEach((name, value) -> text.append(name).append('=').append(value).append(", "));
            text.setLength(text.length() - 2);
            text.append(')');
        }
        return text.toString();
    }
}
