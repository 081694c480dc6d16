package dev.firstpass.trainer.perturb;

import dev.firstpass.core.protocol.PerturbationKind;
import java.util.Map;

/**
 * A fresh start: every parameter re-drawn, optimizer state re-created, schedule restarted, and whatever a
 * random search draws (the base learning rate) drawn anew.
 */
record FullReset() implements Perturbation {

    @Override
    public PerturbationKind kind() {
        return PerturbationKind.FULL_RESET;
    }

    @Override
    public Map<String, Double> params() {
        return Map.of();
    }

    @Override
    public void apply(PerturbationTarget target, long drawSeed) {
        target.parameters().fresh(drawSeed).forEach(target.parameters()::setValues);
        target.resetOptimizerState();
        target.restartLearningRateSchedule();
        target.redrawSearch(drawSeed);
    }
}
