package dev.firstpass.trainer.perturb;

import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.trainer.model.NetworkParameters;
import java.util.Arrays;
import java.util.Map;

/**
 * Re-draws the smallest-magnitude fraction of each weight tensor from a fresh initialisation.
 *
 * <p>Chosen per tensor rather than over the whole network because weight scales differ by layer
 * (they shrink with fan-in); a global threshold would reset wide layers almost entirely.
 */
record PartialReset(double fraction) implements Perturbation {

    @Override
    public PerturbationKind kind() {
        return PerturbationKind.PARTIAL_RESET;
    }

    @Override
    public Map<String, Double> params() {
        return Map.of("fraction", fraction);
    }

    @Override
    public void apply(PerturbationTarget target, long drawSeed) {
        NetworkParameters parameters = target.parameters();
        Map<String, float[]> fresh = parameters.fresh(drawSeed);
        for (String name : parameters.weights()) {
            float[] values = parameters.values(name);
            float[] drawn = fresh.get(name);
            for (int index : smallestMagnitudes(values, resetCount(values.length))) {
                values[index] = drawn[index];
            }
            parameters.setValues(name, values);
        }
    }

    /** round(fraction * n), the number of entries a tensor of n entries loses. */
    int resetCount(int n) {
        return (int) Math.round(fraction * n);
    }

    /** The indices of the {@code count} smallest |value|, ties broken by the lower index. */
    static int[] smallestMagnitudes(float[] values, int count) {
        long[] keys = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            // The bits of a non-negative float order like the float itself (NaN last), so one sort of
            // (magnitude bits, index) pairs ranks by magnitude and then by position.
            long magnitude = Float.floatToIntBits(Math.abs(values[i])) & 0xFFFFFFFFL;
            keys[i] = magnitude << 32 | i;
        }
        Arrays.sort(keys);
        int[] indices = new int[count];
        for (int i = 0; i < count; i++) {
            indices[i] = (int) keys[i];
        }
        return indices;
    }
}
