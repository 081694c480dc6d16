package dev.firstpass.trainer.optimize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

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
        if (momentum == 0f) {
            // In place: the engine's fused update would first copy the gradient, which is zeroed next anyway.
            weight.subi(grad.muli(rate));
            JniUtils.zeroGrad((PtNDArray) weight);
            return;
        }
        // The engine's fused update also zeroes the gradient afterwards.
        weight.getNDArrayInternal().sgdUpdate(new NDList(weight, grad, state[0]), new NDList(weight), rate, 0f, 1f,
                -1f, momentum, true);
    }
}
