package dev.firstpass.trainer.run;

import java.util.Map;

/**
 * One job done at the boundary after each epoch, in the manner of DJL's {@code TrainingListener.onEpoch};
 * {@link EpochBoundary} runs them in their stated order.
 */
interface BoundaryListener {

    /**
     * Called on the training thread once epoch {@code epoch} has been trained and evaluated.
     *
     * @param metrics the epoch's metrics, named as in {@link MetricNames}
     */
    void onEpochEnd(int epoch, Map<String, Double> metrics);
}
