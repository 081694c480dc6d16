package dev.firstpass.core.fpt.qss;

import dev.firstpass.core.fpt.trajectory.Passage;
import java.util.Collection;

/**
 * The constant per-epoch hazard of the quasi-steady state: passages at epochs >= t_QSS divided by
 * the run-epochs at risk there. A run passing at T contributes the epochs t_QSS..T, one censored at L
 * the epochs t_QSS..L.
 */
public record QssHazard(int passages, long exposure) {

    public static QssHazard estimate(Collection<Passage> outcomes, int tQss) {
        if (tQss < 1) {
            throw new IllegalArgumentException("t_QSS must be at least 1: " + tQss);
        }
        int passages = 0;
        long exposure = 0;
        for (Passage outcome : outcomes) {
            if (outcome.time() >= tQss) {
                exposure += outcome.time() - tQss + 1;
                if (outcome.reached()) {
                    passages++;
                }
            }
        }
        return new QssHazard(passages, exposure);
    }

    /** h, or NaN when no run was at risk in the QSS. */
    public double value() {
        return exposure == 0 ? Double.NaN : (double) passages / exposure;
    }
}
