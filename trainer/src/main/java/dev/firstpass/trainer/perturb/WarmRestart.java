package dev.firstpass.trainer.perturb;

import dev.firstpass.core.protocol.PerturbationKind;
import java.util.Map;

/** The learning-rate schedule starts over and the optimizer forgets its state; the weights stay. */
record WarmRestart() implements Perturbation {

    @Override
    public PerturbationKind kind() {
        return PerturbationKind.WARM_RESTART;
    }

    @Override
    public Map<String, Double> params() {
        return Map.of();
    }

    @Override
    public void apply(PerturbationTarget target, long drawSeed) {
        target.restartLearningRateSchedule();
        target.resetOptimizerState();
    }
}
