package dev.firstpass.trainer.run;

import ai.djl.Device;
import ai.djl.training.listener.TrainingListener;
import dev.firstpass.trainer.checkpoint.CheckpointSettings;
import dev.firstpass.trainer.dataset.DataSplits;
import dev.firstpass.trainer.model.ModelSpec;
import dev.firstpass.trainer.optimize.LearningRateSchedule;
import dev.firstpass.trainer.optimize.LearningRateSearch;
import dev.firstpass.trainer.optimize.OptimizerSpec;
import dev.firstpass.trainer.perturb.LocalSchedule;
import dev.firstpass.trainer.publish.KafkaSettings;
import dev.firstpass.core.protocol.signing.CommandKeyRing;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The validated settings of one {@link TrainingJob}. */
record JobSettings(
        String experiment,
        String runId,
        String arm,
        long seed,
        DataSplits data,
        ModelSpec model,
        OptimizerSpec optimizer,
        LearningRateSchedule schedule,
        LearningRateSearch search,
        int epochs,
        int batchSize,
        Device device,
        KafkaSettings kafka,
        boolean controllable,
        CommandKeyRing commandKeys,
        Duration commandWindow,
        LocalSchedule localSchedule,
        CheckpointSettings checkpoints,
        Path recordDir,
        Clock clock,
        List<RunListener> listeners,
        List<TrainingListener> trainingListeners) {

    JobSettings {
        listeners = List.copyOf(listeners);
        trainingListeners = List.copyOf(trainingListeners);
    }

    /** The run's configuration as text, for run-started messages. */
    Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("dataset", data.name());
        config.put("train_samples", Integer.toString(data.train().size()));
        config.put("test_samples", Integer.toString(data.test().size()));
        config.put("model", model.describe());
        config.putAll(new TreeMap<>(optimizer.describe()));
        config.put("lr_schedule", schedule.describe());
        if (search != null) {
            config.put("lr_search", search.describe());
        }
        config.put("batch_size", Integer.toString(batchSize));
        config.put("epochs", Integer.toString(epochs));
        config.put("device", device.toString());
        config.put("kicks", localSchedule == null ? "none" : localSchedule.describe());
        if (controllable) {
            // Key ids only: which keys a run trusts is worth auditing, the secrets are not to be shown.
            config.put("command_keys", commandKeys == null ? "none" : String.join(",", commandKeys.ids()));
        }
        return config;
    }

    /** What every epoch event repeats about how the run trains. */
    Map<String, String> hyperparams() {
        Map<String, String> hyperparams = new LinkedHashMap<>();
        hyperparams.put("model", model.describe());
        hyperparams.putAll(new TreeMap<>(optimizer.describe()));
        hyperparams.put("batch_size", Integer.toString(batchSize));
        return hyperparams;
    }
}
