package dev.firstpass.trainer.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Sums an epoch's loss and correct predictions over its training and test batches, and turns them into
 * the epoch's means at its end.
 *
 * <p>The sums stay on the run's device and are read once per epoch: reading a batch's loss into Java
 * would wait for the device and copy from it at every batch. The training loss is the one the step
 * computed, not evaluated a second time.
 */
final class EpochMetrics {

    private final Sums train;
    private final Sums test;

    /** The means of one epoch. */
    record Totals(double trainLoss, double trainAccuracy, double testLoss, double testAccuracy) {
    }

    /** Sums kept as arrays of {@code manager}, released with it. */
    EpochMetrics(NDManager manager) {
        train = new Sums(manager);
        test = new Sums(manager);
    }

    /**
     * Adds a training batch.
     *
     * @param meanLoss the batch's mean loss, a scalar
     * @param predictions the batch's scores, one row per sample
     * @param labels the batch's class indices
     */
    void addTraining(NDArray meanLoss, NDArray predictions, NDArray labels) {
        train.add(meanLoss, predictions, labels);
    }

    /** Adds a test batch, as {@link #addTraining} does a training batch. */
    void addTest(NDArray meanLoss, NDArray predictions, NDArray labels) {
        test.add(meanLoss, predictions, labels);
    }

    /** The means of the epoch that ends now; the sums start again from zero. */
    Totals endEpoch() {
        Totals totals = new Totals(train.meanLoss(), train.accuracy(), test.meanLoss(), test.accuracy());
        train.reset();
        test.reset();
        return totals;
    }

    private static final class Sums {
        private final NDManager manager;
        private NDArray loss;
        private NDArray correct;
        private long count;

        Sums(NDManager manager) {
            this.manager = manager;
            reset();
        }

        // The temporaries belong to the batch's manager and go with it.
        void add(NDArray meanLoss, NDArray predictions, NDArray labels) {
            long size = labels.getShape().get(0);
            loss.addi(meanLoss.mul(size));
            correct.addi(predictions.argMax(1).eq(labels).countNonzero());
            count += size;
        }

        double meanLoss() {
            return count == 0 ? Double.NaN : loss.getDouble() / count;
        }

        double accuracy() {
            return count == 0 ? Double.NaN : (double) correct.getLong() / count;
        }

        // New arrays rather than zeroing in place: a sum that went NaN would stay NaN when multiplied by 0.
        void reset() {
            if (loss != null) {
                loss.close();
                correct.close();
            }
            // Double sums: an epoch of a large dataset adds hundreds of batch losses.
            loss = manager.zeros(new Shape(), DataType.FLOAT64);
            correct = manager.zeros(new Shape(), DataType.INT64);
            count = 0;
        }
    }
}
