package dev.firstpass.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

/**
 * Autograd on or off for the calling thread, and a gradient collector that works per thread.
 *
 * <p>libtorch keeps grad mode per thread and starts every new thread with it on; DJL switches it off
 * only on the thread that loads the engine. A run on its own thread therefore switches it off first,
 * or evaluation would record graphs and in-place writes to parameters would fail. DJL's PyTorch
 * gradient collector also allows one collector per process (a static flag), which would serialise a
 * fleet of runs; {@link #collector()} keeps the same contract per thread.
 */
public final class GradientMode {

    private GradientMode() {
    }

    /** Turns autograd off for the calling thread, as DJL expects outside a gradient collector. */
    public static void disableForThisThread() {
        JniUtils.setGradMode(false);
    }

    /** Runs {@code action} with autograd off on the calling thread, then restores the previous mode. */
    public static void withoutGradients(Runnable action) {
        boolean wasOn = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            action.run();
        } finally {
            JniUtils.setGradMode(wasOn);
        }
    }

    /** A collector that records gradients on the calling thread until closed. */
    public static GradientCollector collector() {
        return new ThreadCollector();
    }

    private static final class ThreadCollector implements GradientCollector {
        private final boolean wasOn;

        ThreadCollector() {
            wasOn = JniUtils.isGradMode();
            JniUtils.setGradMode(true);
        }

        @Override
        public void backward(NDArray target) {
            try (NDArray seed = target.onesLike()) {
                JniUtils.backward((PtNDArray) target, (PtNDArray) seed, false, false);
            }
        }

        @Override
        public void zeroGradients() {
            // Optimizer steps zero each gradient after using it, as DJL's own PyTorch optimizers do.
        }

        @Override
        public void close() {
            JniUtils.setGradMode(wasOn);
        }
    }
}
