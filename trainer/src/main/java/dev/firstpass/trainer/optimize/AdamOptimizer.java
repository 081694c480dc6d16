package dev.firstpass.trainer.optimize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** Adam (Kingma and Ba) with beta1 0.9, beta2 0.999 and epsilon 1e-8. */
final class AdamOptimizer extends StatefulOptimizer {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    AdamOptimizer(float learningRate) {
        super(learningRate);
    }

    @Override
    protected int slotCount() {
        return 2;
    }

    @Override
    protected void step(NDArray weight, NDArray grad, NDArray[] state, long step, float rate) {
        // Bias correction restarts with the step count whenever the state is reset.
        double coef1 = 1.0 - Math.pow(BETA1, step);
        double coef2 = 1.0 - Math.pow(BETA2, step);
        float corrected = (float) (rate * Math.sqrt(coef2) / coef1);
        NDList inputs = new NDList(weight, grad, state[0], state[1]);
        weight.getNDArrayInternal().adamUpdate(inputs, new NDList(weight), rate, corrected, 0f, 1f, -1f, BETA1,
                BETA2, EPSILON, true, false);
    }
}
