package dev.firstpass.trainer.optimize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** Stochastic gradient descent, with heavy-ball momentum when momentum is positive. */
final class SgdOptimizer extends StatefulOptimizer {

    private final float momentum;

    SgdOptimizer(float learningRate, float momentum) {
        super(learningRate);
        this.momentum = momentum;
    }

    @Override
    protected int slotCount() {
        return momentum == 0f ? 0 : 1;
    }

    @Override
    protected void step(NDArray weight, NDArray grad, NDArray[] state, long step, float rate) {
        NDList inputs = momentum == 0f ? new NDList(weight, grad) : new NDList(weight, grad, state[0]);
        // The engine's fused update also zeroes the gradient afterwards.
        weight.getNDArrayInternal().sgdUpdate(inputs, new NDList(weight), rate, 0f, 1f, -1f, momentum, true);
    }
}
