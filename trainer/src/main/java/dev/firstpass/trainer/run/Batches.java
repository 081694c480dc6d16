package dev.firstpass.trainer.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener.BatchData;
import dev.firstpass.trainer.model.GradientMode;
import dev.firstpass.trainer.model.NetworkParameters;
import dev.firstpass.trainer.optimize.StatefulOptimizer;
import java.util.Map;

/**
 * One training step and one evaluation on one batch, as DJL's EasyTrain does them but with a per-thread
 * gradient collector (see {@link GradientMode}), on the single device of a run, with the batch's loss and
 * hits added to the epoch's metrics on the device, and the parameters updated in place.
 */
final class Batches {

    private Batches() {
    }

    static void train(Trainer trainer, NetworkParameters parameters, StatefulOptimizer optimizer, Batch batch,
            EpochMetrics metrics) {
        NDList data = batch.getData();
        NDList labels = batch.getLabels();
        NDList predictions;
        NDArray loss;
        try (GradientCollector collector = GradientMode.collector()) {
            predictions = trainer.forward(data, labels);
            loss = trainer.getLoss().evaluate(labels, predictions);
            collector.backward(loss);
        }
        metrics.addTraining(loss, predictions.head(), labels.head());
        BatchData batchData = new BatchData(batch, Map.of(labels.head().getDevice(), labels),
                Map.of(predictions.head().getDevice(), predictions));
        trainer.notifyListeners(listener -> listener.onTrainingBatch(trainer, batchData));
        parameters.step(optimizer);
    }

    static void evaluate(Trainer trainer, Batch batch, EpochMetrics metrics) {
        NDList labels = batch.getLabels();
        NDList predictions = trainer.evaluate(batch.getData());
        metrics.addTest(trainer.getLoss().evaluate(labels, predictions), predictions.head(), labels.head());
        BatchData batchData = new BatchData(batch, Map.of(labels.head().getDevice(), labels),
                Map.of(predictions.head().getDevice(), predictions));
        trainer.notifyListeners(listener -> listener.onValidationBatch(trainer, batchData));
    }
}
