package dev.firstpass.core.fpt.predict;

import dev.firstpass.core.fpt.response.KickResponse;
import dev.firstpass.core.fpt.survival.SurvivalFunction;

/** Factories for the predictions of the theory, one per protocol. */
public final class Predictors {
    private Predictors() {
    }

    /** Full resets every tau epochs: needs only the baseline, valid for any tau >= 1. */
    public static MeanTimePredictor periodicFullReset(SurvivalFunction baseline) {
        return new PeriodicKicks(baseline, baseline);
    }

    /** Any other kind every tau epochs, from one probe arm: valid for tau >= max(t_QSS, t_rel). */
    public static MeanTimePredictor periodicKicks(SurvivalFunction baseline, KickResponse probe) {
        return new PeriodicKicks(baseline, probe.survival());
    }

    /**
     * Kicks whose response was never observed (every probe run passed before its first kick): the
     * MFPT is known only for periods at which every run has passed before the first kick.
     */
    public static MeanTimePredictor untilFirstKick(SurvivalFunction baseline) {
        return new MeanTimePredictor() {
            @Override
            public double meanTime(int tau) {
                PeriodicKicks.requirePeriod(tau);
                return baseline.at(tau) == 0.0 ? baseline.sumBelow(tau) : Double.NaN;
            }

            @Override
            public double extrapolatedShare(int tau) {
                return Double.isNaN(meanTime(tau)) ? Double.NaN : 0.0;
            }
        };
    }
}
