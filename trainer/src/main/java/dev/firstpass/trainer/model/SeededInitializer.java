package dev.firstpass.trainer.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws initial parameter values in Java from a seed, so that "a fresh initialisation drawn with seed
 * s" is the same numbers on every engine, device and thread.
 *
 * <p>Follows DJL's defaults for each parameter type: weights He-normal (mean 0, standard deviation
 * sqrt(2 / fan-in), fan-in being the product of all dimensions but the first), biases and batch-norm
 * shifts and running means 0, batch-norm scales and running variances 1. DJL's own initializers draw
 * from the engine's global generator, which parallel runs would share.
 */
final class SeededInitializer {

    private SeededInitializer() {
    }

    /** Values for {@code parameter}, drawn from {@code random} (which advances only for weights). */
    static float[] draw(Parameter parameter, SplittableRandom random) {
        Shape shape = parameter.getShape();
        int size = Math.toIntExact(shape.size());
        float[] values = new float[size];
        switch (parameter.getType()) {
            case WEIGHT -> {
                double fanIn = (double) shape.size() / shape.get(0);
                double std = Math.sqrt(2.0 / fanIn);
                for (int i = 0; i < size; i++) {
                    values[i] = (float) (std * random.nextGaussian());
                }
            }
            case GAMMA, RUNNING_VAR -> Arrays.fill(values, 1f);
            case BIAS, BETA, RUNNING_MEAN -> {
                // zeros, as allocated
            }
            default -> throw new IllegalStateException("no initialisation rule for parameter " + parameter.getName()
                    + " of type " + parameter.getType());
        }
        return values;
    }
}
