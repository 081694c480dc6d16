package dev.firstpass.cli.train;

import dev.firstpass.cli.options.KafkaSecurityOptions;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.protocol.signing.CommandKeyException;
import dev.firstpass.core.protocol.signing.CommandKeyRing;
import dev.firstpass.core.settings.Problem;
import dev.firstpass.core.settings.Setting;
import dev.firstpass.core.settings.SettingsReader;
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
import dev.firstpass.trainer.perturb.Perturbations;
import dev.firstpass.trainer.publish.KafkaSettings;
import dev.firstpass.trainer.run.RunListener;
import dev.firstpass.trainer.run.TrainingJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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

    /** Holds the command keys themselves, in the key-file form; --command-keys takes precedence. */
    static final String COMMAND_KEYS_VARIABLE = "FIRSTPASS_COMMAND_KEYS";

    // Every run of an experiment trains on the same subset, whatever its own seed.
    private static final long SUBSET_SEED = Seeds.derive(0, Seeds.DATA, 10);

    /**
     * The plan the settings describe, or every problem with them: each setting's own rule first, in
     * declaration order, then the rules between settings, in the words of the command line.
     *
     * @param in the settings as given, by key, and where problems are noted
     * @param keysFromEnvironment the value of {@value #COMMAND_KEYS_VARIABLE}, or null
     * @param security the Kafka security options, read only for a run that connects
     * @return the plan, or null when there were problems
     */
    static TrainPlan read(SettingsReader in, String keysFromEnvironment, KafkaSecurityOptions security) {
        String experiment = in.get(TrainSettings.EXPERIMENT);
        List<Long> seeds = in.get(TrainSettings.SEEDS);
        String runId = in.get(TrainSettings.RUN_ID);
        if (runId != null && seeds != null && seeds.size() > 1) {
            in.problem("--run-id names a single run, but --seeds gives " + seeds.size());
        }
        Integer parallel = in.get(TrainSettings.PARALLEL);
        Integer threads = in.get(TrainSettings.THREADS);
        String dataset = in.get(TrainSettings.DATASET);
        Path dataDir = in.get(TrainSettings.DATA_DIR);
        in.check(!"cifar10".equals(dataset) || dataDir != null,
                "--dataset cifar10 needs --data-dir, the folder of its binary batch files");
        Integer trainSubset = in.get(TrainSettings.TRAIN_SUBSET);
        Integer testSubset = in.get(TrainSettings.TEST_SUBSET);
        ModelSpec model = model(in);
        OptimizerSpec optimizer = optimizer(in);
        LearningRateSchedule schedule = in.get(TrainSettings.LR_SCHEDULE);
        LearningRateSearch search = in.get(TrainSettings.LR_SEARCH);
        Integer epochs = in.get(TrainSettings.EPOCHS);
        Integer batchSize = in.get(TrainSettings.BATCH_SIZE);
        DeviceChoice device = in.get(TrainSettings.DEVICE);
        String arm = in.get(TrainSettings.ARM);
        String servers = in.get(TrainSettings.BOOTSTRAP_SERVERS);
        boolean controllable = Boolean.TRUE.equals(in.get(TrainSettings.CONTROLLABLE));
        in.check(!controllable || servers != null || broken(in, TrainSettings.BOOTSTRAP_SERVERS),
                "--controllable needs --bootstrap-servers (or FIRSTPASS_BOOTSTRAP_SERVERS)");
        CommandKeyRing keys = commandKeys(in, controllable, keysFromEnvironment);
        Duration window = in.get(TrainSettings.COMMAND_WINDOW);
        Path recordDir = in.get(TrainSettings.RECORD_DIR);
        LocalSchedule local = localSchedule(in);
        Path checkpointDir = in.get(TrainSettings.CHECKPOINT_DIR);
        Integer checkpointEvery = in.get(TrainSettings.CHECKPOINT_EVERY);
        if (!in.problems().isEmpty()) {
            return null;
        }
        int threadCount = threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / parallel);
        KafkaSettings kafka = servers == null ? null : KafkaSettings.at(servers).withSecurity(security.security(in::problem));
        CheckpointSettings checkpoints = checkpointDir == null ? null
                : CheckpointSettings.everyEpochs(checkpointEvery, checkpointDir);
        return new TrainPlan(experiment, seeds, runId, parallel, threadCount, dataset, dataDir, trainSubset,
                testSubset, model, optimizer, schedule, search, epochs, batchSize, device, arm, kafka, controllable,
                keys, window, local, checkpoints, recordDir);
    }

    private static ModelSpec model(SettingsReader in) {
        String name = in.get(TrainSettings.MODEL);
        List<Integer> hidden = in.get(TrainSettings.HIDDEN);
        if (name == null || hidden == null) {
            return null;
        }
        return switch (name) {
            case "cnn" -> ModelSpec.cnn();
            case "resnet18" -> ModelSpec.resnet18();
            default -> ModelSpec.mlp(hidden.stream().mapToInt(Integer::intValue).toArray());
        };
    }

    private static OptimizerSpec optimizer(SettingsReader in) {
        String name = in.get(TrainSettings.OPTIMIZER);
        Double rate = in.get(TrainSettings.LR);
        Double momentum = in.get(TrainSettings.MOMENTUM);
        if (name == null || rate == null || momentum == null) {
            return null;
        }
        if (name.equals("adam")) {
            in.check(momentum == 0, "--momentum applies to sgd only, not adam");
            return OptimizerSpec.adam(rate);
        }
        return momentum == 0 ? OptimizerSpec.sgd(rate) : OptimizerSpec.sgdWithMomentum(rate, momentum);
    }

    /**
     * The keys of --command-keys, else of {@value #COMMAND_KEYS_VARIABLE}, for a controllable run; null when
     * neither is given. Problems name the source and the rule, never a secret.
     */
    private static CommandKeyRing commandKeys(SettingsReader in, boolean controllable, String fromEnvironment) {
        Path file = in.get(TrainSettings.COMMAND_KEYS_FILE);
        if (file != null && !controllable) {
            in.problem("--command-keys authenticates commands, so it needs --controllable");
            return null;
        }
        if (!controllable || (file == null && (fromEnvironment == null || fromEnvironment.isBlank()))) {
            return null;
        }
        try {
            return file != null ? CommandKeyRing.fromFile(file)
                    : CommandKeyRing.parse(fromEnvironment, COMMAND_KEYS_VARIABLE);
        } catch (CommandKeyException e) {
            e.problems().forEach(problem -> in.problem(file != null ? "--command-keys: " + problem : problem));
            return null;
        }
    }

    private static LocalSchedule localSchedule(SettingsReader in) {
        PerturbationKind kind = in.get(TrainSettings.KICK);
        Integer every = in.get(TrainSettings.EVERY);
        Map<String, Double> parameters = in.get(TrainSettings.KICK_PARAMS);
        boolean kickGiven = kind != null || broken(in, TrainSettings.KICK);
        if (!kickGiven && every == null) {
            in.check(parameters == null, "--kick-param needs --kick");
            return null;
        }
        if (!kickGiven || every == null) {
            in.problem(!kickGiven ? "--every needs --kick KIND" : "--kick needs --every TAU");
            return null;
        }
        if (kind == null) {
            return null;
        }
        try {
            return LocalSchedule.every(every, Perturbations.of(kind, parameters == null ? Map.of() : parameters));
        } catch (IllegalArgumentException e) {
            in.problem(Problem.of(TrainSettings.KICK_PARAMS.key(), null, e.getMessage()));
            return null;
        }
    }

    /** Whether {@code setting} was given but broke its rule, so that rules between settings say nothing more. */
    private static boolean broken(SettingsReader in, Setting<?> setting) {
        return in.problems().stream().anyMatch(problem -> setting.key().equals(problem.setting()));
    }

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
