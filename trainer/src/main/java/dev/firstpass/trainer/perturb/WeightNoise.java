package dev.firstpass.trainer.perturb;

import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.trainer.model.NetworkParameters;
import java.util.Map;
import java.util.SplittableRandom;

/** theta <- theta + sigma * z, z standard normal, on every learned parameter; optimizer state kept. */
record WeightNoise(double sigma) implements Perturbation {

    @Override
    public PerturbationKind kind() {
        return PerturbationKind.WEIGHT_NOISE;
    }

    @Override
    public Map<String, Double> params() {
        return Map.of("sigma", sigma);
    }

    @Override
    public void apply(PerturbationTarget target, long drawSeed) {
        NetworkParameters parameters = target.parameters();
        SplittableRandom random = new SplittableRandom(drawSeed);
        for (String name : parameters.trainable()) {
            float[] values = parameters.values(name);
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (values[i] + sigma * random.nextGaussian());
            }
            parameters.setValues(name, values);
        }
    }
}
