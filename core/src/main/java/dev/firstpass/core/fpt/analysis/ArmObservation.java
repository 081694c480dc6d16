package dev.firstpass.core.fpt.analysis;

import dev.firstpass.core.fpt.survival.SurvivalCurve;

/**
 * What an arm actually measured, beside what the analysis predicted for its period.
 *
 * @param observedMfpt        the mean first-passage time of the arm's runs; with censored runs the
 *                            Kaplan-Meier mean up to the last epoch, a lower bound
 * @param predictedMfpt       the prediction at the arm's period (NaN when none)
 * @param probe               the predictions were fitted on this arm, so it does not test them
 */
public record ArmObservation(String name, int tau, int runs, int censored, double observedMfpt,
                             boolean observedIsLowerBound, double predictedMfpt, boolean predictionValid,
                             boolean probe, SurvivalCurve survival) {

    /** (predicted - observed) / observed, NaN unless both are exact numbers. */
    public double relativeError() {
        if (observedIsLowerBound || !Double.isFinite(predictedMfpt) || observedMfpt == 0.0) {
            return Double.NaN;
        }
        return (predictedMfpt - observedMfpt) / observedMfpt;
    }
}
