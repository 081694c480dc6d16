package dev.firstpass.trainer.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener.BatchData;
import dev.firstpass.trainer.model.GradientMode;
import java.util.Map;

/**
 * One training step on one batch, as DJL's EasyTrain.trainBatch does it but with a per-thread
 * gradient collector (see {@link GradientMode}) and on the single device of a run.
 */
final class Batches {

    private Batches() {
    }

    static void train(Trainer trainer, Batch batch) {
        NDList data = batch.getData();
        NDList labels = batch.getLabels();
        NDList predictions;
        try (GradientCollector collector = GradientMode.collector()) {
            predictions = trainer.forward(data, labels);
            NDArray loss = trainer.getLoss().evaluate(labels, predictions);
            collector.backward(loss);
        }
        BatchData batchData = new BatchData(batch, Map.of(labels.head().getDevice(), labels),
                Map.of(predictions.head().getDevice(), predictions));
        trainer.notifyListeners(listener -> listener.onTrainingBatch(trainer, batchData));
        trainer.step();
    }
}
