package dev.firstpass.core.fpt.survival;

import dev.firstpass.core.fpt.trajectory.Passage;
import java.util.Collection;

/**
 * Kaplan-Meier estimator on discrete epochs: S(t) = prod over u <= t of (1 - d_u / n_u).
 * A run censored at L survived epoch L, so it is at risk at every u <= L.
 */
public final class KaplanMeier {
    private KaplanMeier() {
    }

    /** Survival of the given outcomes on 0..max observed time. */
    public static SurvivalCurve estimate(Collection<Passage> passages) {
        if (passages.isEmpty()) {
            throw new IllegalArgumentException("Kaplan-Meier needs at least one run");
        }
        int horizon = passages.stream().mapToInt(Passage::time).max().orElseThrow();
        int[] events = new int[horizon + 1];
        int[] exits = new int[horizon + 1];
        for (Passage passage : passages) {
            exits[passage.time()]++;
            if (passage.reached()) {
                events[passage.time()]++;
            }
        }
        return fromCounts(events, exits);
    }

    /**
     * Survival from per-epoch counts: {@code events[u]} passages at u and {@code exits[u]} runs that
     * leave the risk set after u (passed or censored there). Both arrays span 0..horizon.
     */
    public static SurvivalCurve fromCounts(int[] events, int[] exits) {
        if (events.length != exits.length || events.length == 0) {
            throw new IllegalArgumentException("events and exits must span the same non-empty range of epochs");
        }
        int horizon = events.length - 1;
        int total = 0;
        for (int exit : exits) {
            total += exit;
        }
        if (total == 0) {
            throw new IllegalArgumentException("Kaplan-Meier needs at least one run");
        }
        double[] survival = new double[horizon + 1];
        double[] variance = new double[horizon + 1];
        int[] atRisk = new int[horizon + 1];
        survival[0] = 1.0;
        int risk = total - exits[0];
        double s = 1.0;
        double greenwoodSum = 0.0;
        for (int u = 1; u <= horizon; u++) {
            atRisk[u] = risk;
            int d = events[u];
            if (risk > 0 && d > 0) {
                s *= 1.0 - (double) d / risk;
                // The term is undefined when everyone at risk passes; S is then 0 and so is its variance.
                greenwoodSum += risk > d ? (double) d / ((double) risk * (risk - d)) : 0.0;
            }
            survival[u] = s;
            variance[u] = s * s * greenwoodSum;
            risk -= exits[u];
        }
        return new SurvivalCurve(survival, variance, atRisk, events.clone());
    }
}
