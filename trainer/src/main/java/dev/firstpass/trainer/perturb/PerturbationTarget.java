package dev.firstpass.trainer.perturb;

import dev.firstpass.trainer.model.NetworkParameters;

/** What a perturbation acts on: a network's parameters and the optimizer and schedule that train it. */
public interface PerturbationTarget {

    NetworkParameters parameters();

    /** Drops momentum buffers and moment estimates, as a newly built optimizer would start. */
    void resetOptimizerState();

    /** Starts the learning-rate schedule over from its first epoch at the next epoch. */
    void restartLearningRateSchedule();

    /**
     * Draws anew, from {@code drawSeed}, whatever the run's random search draws at a fresh start (its
     * base learning rate); nothing for a run that searches nothing.
     */
    default void redrawSearch(long drawSeed) {
    }
}
