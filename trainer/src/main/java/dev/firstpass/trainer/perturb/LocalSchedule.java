package dev.firstpass.trainer.perturb;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A perturbation a run applies on its own, with no controller: after epochs {@code fromEpoch},
 * {@code fromEpoch + every}, ... It is how probe arms are recorded.
 *
 * @param perturbation what to apply
 * @param every the period tau, in epochs
 * @param fromEpoch the first epoch after which to apply it
 */
public record LocalSchedule(Perturbation perturbation, int every, int fromEpoch) {

    public LocalSchedule {
        Objects.requireNonNull(perturbation, "perturbation");
        List<String> problems = new ArrayList<>();
        if (every < 1) {
            problems.add("perturbation period must be at least 1 epoch: " + every);
        }
        if (fromEpoch < 1) {
            problems.add("first perturbation epoch must be at least 1: " + fromEpoch);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** The sharp protocol of the paper: after epochs tau, 2 tau, 3 tau, ... */
    public static LocalSchedule every(int tau, Perturbation perturbation) {
        return new LocalSchedule(perturbation, tau, tau);
    }

    /** Whether the perturbation acts after {@code epoch}. */
    public boolean dueAfter(int epoch) {
        return epoch >= fromEpoch && (epoch - fromEpoch) % every == 0;
    }

    /** e.g. "shrink_perturb(shrink=0.4, perturb=0.1) every 5 from 5". */
    public String describe() {
        return perturbation.describe() + " every " + every + " from " + fromEpoch;
    }
}
