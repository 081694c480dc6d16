package dev.firstpass.core.fpt.predict;

/** Predicts the mean first-passage time under a periodic perturbation protocol of period tau. */
public interface MeanTimePredictor {

    /** Predicted MFPT with a kick right after epochs tau, 2 tau, ...; NaN when the data cannot say. */
    double meanTime(int tau);

    /** The share of {@link #meanTime(int)} that rests on extrapolated survival tails, in [0, 1]. */
    double extrapolatedShare(int tau);
}
