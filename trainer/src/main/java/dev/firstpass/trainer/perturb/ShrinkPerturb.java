package dev.firstpass.trainer.perturb;

import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.trainer.model.NetworkParameters;
import java.util.LinkedHashMap;
import java.util.Map;

/** theta <- shrink * theta + perturb * theta_fresh on the learned parameters (Ash and Adams). */
record ShrinkPerturb(double shrink, double perturb) implements Perturbation {

    @Override
    public PerturbationKind kind() {
        return PerturbationKind.SHRINK_PERTURB;
    }

    @Override
    public Map<String, Double> params() {
        Map<String, Double> params = new LinkedHashMap<>();
        params.put("shrink", shrink);
        params.put("perturb", perturb);
        return params;
    }

    @Override
    public void apply(PerturbationTarget target, long drawSeed) {
        NetworkParameters parameters = target.parameters();
        Map<String, float[]> fresh = parameters.fresh(drawSeed);
        // Batch-norm running statistics are measurements of the data, not learned weights: kept as they are.
        for (String name : parameters.trainable()) {
            float[] values = parameters.values(name);
            float[] drawn = fresh.get(name);
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (shrink * values[i] + perturb * drawn[i]);
            }
            parameters.setValues(name, values);
        }
        target.resetOptimizerState();
    }
}
