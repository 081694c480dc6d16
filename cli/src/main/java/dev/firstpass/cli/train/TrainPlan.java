package dev.firstpass.cli.train;

import dev.firstpass.core.protocol.signing.CommandKeyRing;
import dev.firstpass.trainer.Seeds;
import dev.firstpass.trainer.checkpoint.CheckpointSettings;
import dev.firstpass.trainer.dataset.DataSplits;
import dev.firstpass.trainer.dataset.Datasets;
import dev.firstpass.trainer.dataset.GeneratedData;
import dev.firstpass.trainer.model.DeviceChoice;
import dev.firstpass.trainer.model.ModelSpec;
import dev.firstpass.trainer.optimize.LearningRateSchedule;
import dev.firstpass.trainer.optimize.LearningRateSearch;
import dev.firstpass.trainer.optimize.OptimizerSpec;
import dev.firstpass.trainer.perturb.LocalSchedule;
import dev.firstpass.trainer.publish.KafkaSettings;
import dev.firstpass.trainer.run.RunListener;
import dev.firstpass.trainer.run.TrainingJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@code firstpass train} was asked to do, in typed and validated form: which data, which
 * network, and the settings every run of the fleet shares.
 *
 * @param experiment the experiment all runs belong to
 * @param seeds one run per seed
 * @param runId the run id of a single run, or null for {@code <experiment>-s<seed>}
 * @param parallel runs trained at once
 * @param threads libtorch CPU threads for the whole process
 * @param dataset fashion-mnist, cifar10 or generated
 * @param dataDir where the dataset's files are, or null for the default
 * @param trainSubset training samples to keep, or null for all
 * @param testSubset test samples to keep, or null for all
 * @param model the network
 * @param optimizer the optimizer and base learning rate
 * @param schedule the learning-rate schedule
 * @param search the range each fresh start draws its base learning rate from, or null for the optimizer's
 * @param epochs epochs per run
 * @param batchSize training batch size
 * @param device where to train
 * @param arm the arm label, or null
 * @param kafka the brokers, or null to train offline
 * @param controllable whether runs take commands
 * @param commandKeys the keys commands must be signed with, or null to take them unauthenticated
 * @param commandWindow how far a signed command's time may be from the trainer's clock
 * @param localSchedule a perturbation the runs apply on their own, or null
 * @param checkpoints checkpoint settings, or null for none
 * @param recordDir where each run's CSV goes, or null for no recording
 */
record TrainPlan(String experiment, List<Long> seeds, String runId, int parallel, int threads, String dataset,
        Path dataDir, Integer trainSubset, Integer testSubset, ModelSpec model, OptimizerSpec optimizer,
        LearningRateSchedule schedule, LearningRateSearch search, int epochs, int batchSize, DeviceChoice device,
        String arm, KafkaSettings kafka, boolean controllable, CommandKeyRing commandKeys, Duration commandWindow,
        LocalSchedule localSchedule, CheckpointSettings checkpoints, Path recordDir) {

    static final List<String> DATASETS = List.of("fashion-mnist", "cifar10", "generated");
    // Every run of an experiment trains on the same subset, whatever its own seed.
    private static final long SUBSET_SEED = Seeds.derive(0, Seeds.DATA, 10);

    /** Loads the data once for the whole fleet; runs share it read-only. */
    DataSplits loadData() {
        DataSplits data = switch (dataset) {
            case "fashion-mnist" -> Datasets.fashionMnist(dataDir != null ? dataDir : Datasets.FASHION_MNIST_DEFAULT);
            case "cifar10" -> Datasets.cifar10(dataDir);
            case "generated" -> Datasets.generated(GeneratedData.defaults());
            default -> throw new IllegalStateException("unknown dataset " + dataset);
        };
        if (trainSubset != null) {
            data = data.withTrainSubset(Math.min(trainSubset, data.train().size()), SUBSET_SEED);
        }
        if (testSubset != null) {
            data = data.withTestSubset(Math.min(testSubset, data.test().size()), SUBSET_SEED);
        }
        return data;
    }

    String runIdOf(long seed) {
        return runId != null ? runId : experiment + "-s" + seed;
    }

    TrainingJob job(long seed, DataSplits data, RunListener progress) {
        TrainingJob.Builder builder = TrainingJob.builder()
                .setExperiment(experiment)
                .setData(data)
                .setModel(model)
                .setOptimizer(optimizer)
                .optRunId(runIdOf(seed))
                .optSeed(seed)
                .optArm(arm)
                .optLearningRateSchedule(schedule)
                .optLearningRateSearch(search)
                .optEpochs(epochs)
                .optBatchSize(batchSize)
                .optDevice(device)
                .optKafka(kafka)
                .optControllable(controllable)
                .optCommandKeys(commandKeys)
                .optCommandWindow(commandWindow)
                .optLocalSchedule(localSchedule)
                .optCheckpoints(checkpoints)
                .optRecordDir(recordDir);
        if (progress != null) {
            builder.addListener(progress);
        }
        return builder.build();
    }
}
