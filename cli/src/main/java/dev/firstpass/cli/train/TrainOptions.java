package dev.firstpass.cli.train;

import dev.firstpass.cli.BadInputException;
import dev.firstpass.cli.options.KafkaSecurityOptions;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.protocol.signing.CommandKeyException;
import dev.firstpass.core.protocol.signing.CommandKeyRing;
import dev.firstpass.trainer.checkpoint.CheckpointSettings;
import dev.firstpass.trainer.model.DeviceChoice;
import dev.firstpass.trainer.model.ModelSpec;
import dev.firstpass.trainer.optimize.LearningRateSchedule;
import dev.firstpass.trainer.optimize.LearningRateSearch;
import dev.firstpass.trainer.optimize.OptimizerSpec;
import dev.firstpass.trainer.perturb.LocalSchedule;
import dev.firstpass.trainer.perturb.Perturbation;
import dev.firstpass.trainer.perturb.Perturbations;
import dev.firstpass.trainer.publish.KafkaSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of {@code firstpass train} as typed, with environment-variable defaults, and their
 * validation into a {@link TrainPlan} that reports every problem at once.
 */
final class TrainOptions {

    /** Holds the command keys themselves, in the key-file form; --command-keys takes precedence. */
    static final String COMMAND_KEYS_VARIABLE = "FIRSTPASS_COMMAND_KEYS";

    /** Where environment variables are read; tests replace it. */
    Function<String, String> environment = System::getenv;

    @Option(names = "--experiment", paramLabel = "NAME", defaultValue = "${env:FIRSTPASS_EXPERIMENT:-train}",
            description = "Experiment the runs belong to (env FIRSTPASS_EXPERIMENT, default ${DEFAULT-VALUE}).")
    String experiment;

    @Option(names = "--seeds", paramLabel = "LIST", defaultValue = "0",
            description = "Seeds of the fleet, one run each: 0-15, 1,4,9 or 0-3,8 (default ${DEFAULT-VALUE}).")
    String seeds;

    @Option(names = "--run-id", paramLabel = "ID",
            description = "Run id of a single run (default <experiment>-s<seed>).")
    String runId;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1",
            description = "Runs trained at once, each on its own thread (default ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "${env:FIRSTPASS_THREADS:-0}",
            description = "libtorch CPU threads (ai.djl.pytorch.num_threads); 0 means cores / parallel"
                    + " (env FIRSTPASS_THREADS, default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "${env:FIRSTPASS_DATASET:-fashion-mnist}",
            description = "fashion-mnist, cifar10 or generated (env FIRSTPASS_DATASET, default ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:FIRSTPASS_DATA_DIR}",
            description = "Folder of the dataset's files (env FIRSTPASS_DATA_DIR; Fashion-MNIST defaults to"
                    + " /usr/share/datasets/fashion-mnist). Nothing is downloaded.")
    Path dataDir;

    @Option(names = "--train-subset", paramLabel = "N",
            description = "Train on N samples only, the same for every run.")
    Integer trainSubset;

    @Option(names = "--test-subset", paramLabel = "N", description = "Evaluate on N test samples only.")
    Integer testSubset;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "mlp",
            description = "mlp, cnn or resnet18 (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--hidden", paramLabel = "W[,W...]", hideParamSyntax = true, split = ",",
            defaultValue = "256,128",
            description = "Hidden layer widths of the mlp (default ${DEFAULT-VALUE}).")
    List<Integer> hidden;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "sgd",
            description = "sgd or adam (default ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", paramLabel = "X", defaultValue = "0.05",
            description = "Base learning rate (default ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--momentum", paramLabel = "X", defaultValue = "0",
            description = "SGD momentum; 0 is plain SGD (default ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--lr-schedule", paramLabel = "SPEC", defaultValue = "constant",
            description = "constant, step:EVERY:GAMMA or cosine:PERIOD (default ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--lr-search", paramLabel = "LOW:HIGH",
            description = "Random search: every fresh start (the first epoch and every full reset) draws its base"
                    + " learning rate log-uniformly from [LOW, HIGH], instead of --lr.")
    String learningRateSearch;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "20",
            description = "Epochs per run (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "128",
            description = "Training batch size (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--device", paramLabel = "auto|cpu|gpu", defaultValue = "${env:FIRSTPASS_DEVICE:-auto}",
            description = "Where to train (env FIRSTPASS_DEVICE, default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--arm", paramLabel = "NAME", description = "Arm label put on every epoch event.")
    String arm;

    @Option(names = "--controllable",
            description = "Take perturbation commands from the commands topic (needs --bootstrap-servers).")
    boolean controllable;

    @Option(names = "--command-keys", paramLabel = "FILE",
            description = "Take only commands signed by a key in FILE (id:base64secret, one per line or comma"
                    + " separated; docs/security.md); without it the keys come from the environment variable "
                    + COMMAND_KEYS_VARIABLE + ", and without either, commands are taken unauthenticated.")
    Path commandKeysFile;

    @Option(names = "--command-window", paramLabel = "SECONDS", defaultValue = "${env:FIRSTPASS_COMMAND_WINDOW:-300}",
            description = "Signed commands whose ce_time is further than this from the trainer's clock are refused"
                    + " as stale (env FIRSTPASS_COMMAND_WINDOW, default ${DEFAULT-VALUE}).")
    String commandWindow;

    @Option(names = "--bootstrap-servers", paramLabel = "HOSTS",
            defaultValue = "${env:FIRSTPASS_BOOTSTRAP_SERVERS:-none}",
            description = "Kafka brokers; none trains offline and only records (env FIRSTPASS_BOOTSTRAP_SERVERS,"
                    + " default ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Mixin
    KafkaSecurityOptions kafkaSecurity = new KafkaSecurityOptions();

    @Option(names = "--record", paramLabel = "DIR", defaultValue = "${env:FIRSTPASS_RECORD_DIR}",
            description = "Write each run's trajectory to DIR/<run id>.csv, the layout firstpass analyze reads"
                    + " (env FIRSTPASS_RECORD_DIR).")
    Path recordDir;

    @Option(names = "--kick", paramLabel = "KIND",
            description = "Perturb on a local schedule, no controller needed: shrink_perturb, partial_reset,"
                    + " full_reset, warm_restart or weight_noise (with --every).")
    String kick;

    @Option(names = "--every", paramLabel = "TAU", description = "Kick after epochs TAU, 2 TAU, ... (with --kick).")
    Integer every;

    @Option(names = "--kick-param", paramLabel = "NAME=VALUE",
            description = "A parameter of the kick, e.g. fraction=0.2 (repeatable; defaults: shrink=0.4,"
                    + " perturb=0.1).")
    Map<String, Double> kickParams = new LinkedHashMap<>();

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", defaultValue = "${env:FIRSTPASS_CHECKPOINT_DIR}",
            description = "Save checkpoints under DIR/<run id> and resume from them (env FIRSTPASS_CHECKPOINT_DIR).")
    Path checkpointDir;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "1",
            description = "Epochs between checkpoints (default ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--quiet", description = "Show no progress on stderr.")
    boolean quiet;

    @Option(names = "--verbose", description = "Show stack traces of failures.")
    boolean verbose;

    /**
     * The validated plan.
     *
     * @throws BadInputException listing every problem, each naming the option and the value
     */
    TrainPlan plan() {
        List<String> problems = new ArrayList<>();
        List<Long> seedList = attempt(problems, () -> SeedList.parse(seeds), List.of());
        if (runId != null && seedList.size() > 1) {
            problems.add("--run-id names a single run, but --seeds gives " + seedList.size());
        }
        atLeast(problems, "--parallel", parallel, 1);
        atLeast(problems, "--threads", threads, 0);
        String datasetName = dataset.trim().toLowerCase(Locale.ROOT);
        if (!TrainPlan.DATASETS.contains(datasetName)) {
            problems.add("--dataset must be fashion-mnist, cifar10 or generated: " + dataset);
        }
        if ("cifar10".equals(datasetName) && dataDir == null) {
            problems.add("--dataset cifar10 needs --data-dir, the folder of its binary batch files");
        }
        positiveIfGiven(problems, "--train-subset", trainSubset);
        positiveIfGiven(problems, "--test-subset", testSubset);
        ModelSpec modelSpec = attempt(problems, this::modelSpec, null);
        OptimizerSpec optimizerSpec = attempt(problems, this::optimizerSpec, null);
        LearningRateSchedule lrSchedule = attempt(problems, () -> LearningRateSchedule.parse(schedule), null);
        LearningRateSearch lrSearch = attempt(problems, this::learningRateSearch, null);
        atLeast(problems, "--epochs", epochs, 1);
        atLeast(problems, "--batch-size", batchSize, 1);
        DeviceChoice deviceChoice = attempt(problems, () -> DeviceChoice.parse(device), null);
        KafkaSettings kafka = kafka(problems);
        if (controllable && kafka == null) {
            problems.add("--controllable needs --bootstrap-servers (or FIRSTPASS_BOOTSTRAP_SERVERS)");
        }
        CommandKeyRing keys = commandKeys(problems);
        Duration window = commandWindow(problems);
        LocalSchedule local = attempt(problems, this::localSchedule, null);
        atLeast(problems, "--checkpoint-every", checkpointEvery, 1);
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        int threadCount = threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / parallel);
        CheckpointSettings checkpoints = checkpointDir == null ? null
                : CheckpointSettings.everyEpochs(checkpointEvery, checkpointDir);
        return new TrainPlan(experiment, seedList, runId, parallel, threadCount, datasetName, dataDir, trainSubset,
                testSubset, modelSpec, optimizerSpec, lrSchedule, lrSearch, epochs, batchSize, deviceChoice, arm, kafka,
                controllable, keys, window, local, checkpoints, recordDir);
    }

    /**
     * The keys of --command-keys, else of the environment variable, for a controllable run; null when
     * neither is given. Problems name the source and the rule, never a secret.
     */
    private CommandKeyRing commandKeys(List<String> problems) {
        if (commandKeysFile != null && !controllable) {
            problems.add("--command-keys authenticates commands, so it needs --controllable");
            return null;
        }
        String fromEnvironment = environment.apply(COMMAND_KEYS_VARIABLE);
        if (!controllable || (commandKeysFile == null && (fromEnvironment == null || fromEnvironment.isBlank()))) {
            return null;
        }
        try {
            return commandKeysFile != null ? CommandKeyRing.fromFile(commandKeysFile)
                    : CommandKeyRing.parse(fromEnvironment, COMMAND_KEYS_VARIABLE);
        } catch (CommandKeyException e) {
            e.problems().forEach(problem -> problems.add(commandKeysFile != null ? "--command-keys: " + problem
                    : problem));
            return null;
        }
    }

    private Duration commandWindow(List<String> problems) {
        try {
            long seconds = Long.parseLong(commandWindow.trim());
            if (seconds >= 1) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // Reported below with the rule.
        }
        problems.add("--command-window must be a whole number of seconds, at least 1: " + commandWindow);
        return Duration.ofSeconds(1);
    }

    private ModelSpec modelSpec() {
        return switch (model.trim().toLowerCase(Locale.ROOT)) {
            case "mlp" -> ModelSpec.mlp(hidden.stream().mapToInt(Integer::intValue).toArray());
            case "cnn" -> ModelSpec.cnn();
            case "resnet18" -> ModelSpec.resnet18();
            default -> throw new IllegalArgumentException("--model must be mlp, cnn or resnet18: " + model);
        };
    }

    private OptimizerSpec optimizerSpec() {
        return switch (optimizer.trim().toLowerCase(Locale.ROOT)) {
            case "sgd" -> momentum == 0 ? OptimizerSpec.sgd(learningRate)
                    : OptimizerSpec.sgdWithMomentum(learningRate, momentum);
            case "adam" -> {
                if (momentum != 0) {
                    throw new IllegalArgumentException("--momentum applies to sgd only: " + momentum);
                }
                yield OptimizerSpec.adam(learningRate);
            }
            default -> throw new IllegalArgumentException("--optimizer must be sgd or adam: " + optimizer);
        };
    }

    private LearningRateSearch learningRateSearch() {
        if (learningRateSearch == null) {
            return null;
        }
        String[] parts = learningRateSearch.trim().split(":", -1);
        String rule = "--lr-search must be LOW:HIGH, two learning rates with 0 < LOW < HIGH, e.g. 0.003:1: "
                + learningRateSearch;
        if (parts.length != 2) {
            throw new IllegalArgumentException(rule);
        }
        try {
            double low = Double.parseDouble(parts[0].trim());
            double high = Double.parseDouble(parts[1].trim());
            if (!(low > 0) || !(high > low) || !Double.isFinite(high)) {
                throw new IllegalArgumentException(rule);
            }
            return LearningRateSearch.logUniform(low, high);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(rule);
        }
    }

    private KafkaSettings kafka(List<String> problems) {
        String servers = bootstrapServers == null ? "" : bootstrapServers.trim();
        if (servers.isEmpty() || servers.equalsIgnoreCase("none")) {
            return null;
        }
        return KafkaSettings.at(servers).withSecurity(kafkaSecurity.security(problems::add));
    }

    private LocalSchedule localSchedule() {
        if (kick == null && every == null) {
            if (!kickParams.isEmpty()) {
                throw new IllegalArgumentException("--kick-param needs --kick");
            }
            return null;
        }
        if (kick == null || every == null) {
            throw new IllegalArgumentException(kick == null ? "--every needs --kick KIND" : "--kick needs --every TAU");
        }
        PerturbationKind kind = kindOf(kick);
        Perturbation perturbation = Perturbations.of(kind, kickParams);
        return LocalSchedule.every(every, perturbation);
    }

    private static PerturbationKind kindOf(String text) {
        try {
            return PerturbationKind.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--kick: " + e.getMessage(), e);
        }
    }

    private static <T> T attempt(List<String> problems, Supplier<T> parse, T fallback) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return fallback;
        }
    }

    private static void atLeast(List<String> problems, String option, int value, int min) {
        if (value < min) {
            problems.add(option + " must be at least " + min + ": " + value);
        }
    }

    private static void positiveIfGiven(List<String> problems, String option, Integer value) {
        if (value != null && value < 1) {
            problems.add(option + " must be at least 1: " + value);
        }
    }
}
