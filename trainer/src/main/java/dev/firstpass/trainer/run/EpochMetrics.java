package dev.firstpass.trainer.run;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.training.loss.Loss;
import java.util.Map;

/**
 * A DJL training listener that sums loss and correct predictions over an epoch's training and test
 * batches and, at each epoch's end, turns them into the epoch's means.
 */
final class EpochMetrics extends TrainingListenerAdapter {

    private final Sums train = new Sums();
    private final Sums test = new Sums();
    private Totals last;

    /** The means of one epoch. */
    record Totals(double trainLoss, double trainAccuracy, double testLoss, double testAccuracy) {
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        add(train, trainer.getLoss(), batchData);
    }

    @Override
    public void onValidationBatch(Trainer trainer, BatchData batchData) {
        add(test, trainer.getLoss(), batchData);
    }

    @Override
    public void onEpoch(Trainer trainer) {
        last = new Totals(train.meanLoss(), train.accuracy(), test.meanLoss(), test.accuracy());
        train.reset();
        test.reset();
    }

    /** The means of the epoch that ended last. */
    Totals last() {
        if (last == null) {
            throw new IllegalStateException("no epoch has ended yet");
        }
        return last;
    }

    private static void add(Sums sums, Loss loss, BatchData batchData) {
        for (Map.Entry<Device, NDList> entry : batchData.getLabels().entrySet()) {
            NDList labels = entry.getValue();
            NDList predictions = batchData.getPredictions().get(entry.getKey());
            long count = labels.head().getShape().get(0);
            try (NDArray meanLoss = loss.evaluate(labels, predictions);
                 NDArray predicted = predictions.head().argMax(1);
                 NDArray hits = predicted.eq(labels.head());
                 NDArray correct = hits.countNonzero()) {
                sums.loss += meanLoss.getFloat() * (double) count;
                sums.correct += correct.getLong();
                sums.count += count;
            }
        }
    }

    private static final class Sums {
        double loss;
        long correct;
        long count;

        double meanLoss() {
            return count == 0 ? Double.NaN : loss / count;
        }

        double accuracy() {
            return count == 0 ? Double.NaN : (double) correct / count;
        }

        void reset() {
            loss = 0;
            correct = 0;
            count = 0;
        }
    }
}
