package dev.firstpass.cli.train;

import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.settings.Parsers;
import dev.firstpass.core.settings.Setting;
import dev.firstpass.core.settings.ValueParser;
import dev.firstpass.trainer.model.DeviceChoice;
import dev.firstpass.trainer.optimize.LearningRateSchedule;
import dev.firstpass.trainer.optimize.LearningRateSearch;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The settings of {@code firstpass train}, each declared once: key, option, environment variable, rule,
 * default and doc line. The command builds its options from them, {@link TrainPlan#read} reads them, and
 * docs/train.md's table is checked against them.
 */
public final class TrainSettings {

    static final List<String> DATASETS = List.of("fashion-mnist", "cifar10", "generated");
    static final List<String> MODELS = List.of("mlp", "cnn", "resnet18");
    static final List<String> OPTIMIZERS = List.of("sgd", "adam");

    static final Setting<String> EXPERIMENT = Setting.withDefault("experiment", "NAME", Parsers.text(), "train",
            "Experiment the runs belong to");
    static final Setting<List<Long>> SEEDS = Setting.withDefault("seeds", "LIST", SeedList::parse, "0",
            "Seeds of the fleet, one run each: 0-15, 1,4,9 or 0-3,8");
    static final Setting<String> RUN_ID = Setting.optional("run.id", "ID", Parsers.text(), "<experiment>-s<seed>",
            "Run id of a single run");
    static final Setting<Integer> PARALLEL = Setting.withDefault("parallel", "N", Parsers.atLeast(1), "1",
            "Runs trained at once, each on its own thread");
    static final Setting<Integer> THREADS = Setting.withDefault("threads", "N", Parsers.atLeast(0), "0",
            "libtorch CPU threads for the process (ai.djl.pytorch.num_threads); 0 means cores / parallel");
    static final Setting<String> DATASET = Setting.withDefault("dataset", "NAME", lowerCaseOneOf(DATASETS),
            "fashion-mnist", "fashion-mnist, cifar10 or generated");
    static final Setting<Path> DATA_DIR = Setting.optional("data.dir", "DIR", path(),
            "/usr/share/datasets/fashion-mnist for Fashion-MNIST", "Folder of the dataset's files; nothing is downloaded");
    static final Setting<Integer> TRAIN_SUBSET = Setting.optional("train.subset", "N", Parsers.atLeast(1), "all",
            "Train on N samples only, the same for every run");
    static final Setting<Integer> TEST_SUBSET = Setting.optional("test.subset", "N", Parsers.atLeast(1), "all",
            "Evaluate on N test samples only");
    static final Setting<String> MODEL = Setting.withDefault("model", "NAME", lowerCaseOneOf(MODELS), "mlp",
            "mlp, cnn or resnet18");
    static final Setting<List<Integer>> HIDDEN = Setting.withDefault("hidden", "W[,W...]",
            Parsers.listOf(Parsers.atLeast(1), "must be layer widths of at least 1, comma separated"), "256,128",
            "Hidden layer widths of the mlp");
    static final Setting<String> OPTIMIZER = Setting.withDefault("optimizer", "NAME", lowerCaseOneOf(OPTIMIZERS),
            "sgd", "sgd or adam");
    static final Setting<Double> LR = Setting.withDefault("lr", "X", positive(), "0.05", "Base learning rate");
    static final Setting<Double> MOMENTUM = Setting.withDefault("momentum", "X", Parsers.share(), "0",
            "SGD momentum; 0 is plain SGD");
    static final Setting<LearningRateSchedule> LR_SCHEDULE = Setting.withDefault("lr.schedule", "SPEC",
            LearningRateSchedule::parse, "constant", "constant, step:EVERY:GAMMA or cosine:PERIOD");
    static final Setting<LearningRateSearch> LR_SEARCH = Setting.optional("lr.search", "LOW:HIGH",
            LearningRateSearch::parse, "--lr for every start", "Random search: every fresh start (the first epoch and"
                    + " every full reset) draws its base learning rate log-uniformly from [LOW, HIGH]");
    static final Setting<Integer> EPOCHS = Setting.withDefault("epochs", "N", Parsers.atLeast(1), "20",
            "Epochs per run");
    static final Setting<Integer> BATCH_SIZE = Setting.withDefault("batch.size", "N", Parsers.atLeast(1), "128",
            "Training batch size");
    static final Setting<DeviceChoice> DEVICE = Setting.withDefault("device", "auto|cpu|gpu",
            Parsers.oneOf(DeviceChoice::parse, "must be auto, cpu or gpu"), "auto", "Where to train");
    static final Setting<String> ARM = Setting.optional("arm", "NAME", Parsers.text(), "none",
            "Arm label put on every epoch event");
    static final Setting<String> BOOTSTRAP_SERVERS = Setting.withDefault("bootstrap.servers", "HOSTS",
            hostPortsOrNone(), "none", "Kafka brokers; none trains offline and only records");
    static final Setting<Boolean> CONTROLLABLE = Setting.withDefault("controllable", "true|false", Parsers.bool(),
            "false", "Take perturbation commands from the commands topic (needs --bootstrap-servers)").asFlag();
    static final Setting<Path> COMMAND_KEYS_FILE = Setting.optional("command.keys.file", "FILE", path(),
            "unauthenticated, unless " + TrainPlan.COMMAND_KEYS_VARIABLE + " holds the keys themselves",
            "Take only commands signed by a key in FILE (id:base64secret, one per line or comma separated;"
                    + " docs/security.md)").withOption("--command-keys");
    static final Setting<Duration> COMMAND_WINDOW = Setting.withDefault("command.window", "DURATION",
            Parsers.duration(false), "5m",
            "Signed commands whose ce_time is further than this from the trainer's clock are refused as stale");
    static final Setting<Path> RECORD_DIR = Setting.optional("record.dir", "DIR", path(), "no recording",
            "Write each run's trajectory to DIR/<run id>.csv, the layout firstpass analyze reads")
            .withOption("--record");
    static final Setting<PerturbationKind> KICK = Setting.optional("kick", "KIND",
            Parsers.oneOf(PerturbationKind::parse, "must be one of " + PerturbationKind.names()), "none",
            "Perturb on a local schedule, no controller needed (with --every)");
    static final Setting<Integer> EVERY = Setting.optional("every", "TAU", Parsers.atLeast(1), "none",
            "Kick after epochs TAU, 2 TAU, ... (with --kick)");
    static final Setting<Map<String, Double>> KICK_PARAMS = Setting.optional("kick.param", "NAME=VALUE",
            kickParameters(), "shrink=0.4, perturb=0.1",
            "A parameter of the kick, e.g. fraction=0.2 (repeatable); partial_reset needs fraction, weight_noise sigma").asRepeatable();
    static final Setting<Path> CHECKPOINT_DIR = Setting.optional("checkpoint.dir", "DIR", path(), "no checkpoints",
            "Save checkpoints under DIR/<run id> and resume from them");
    static final Setting<Integer> CHECKPOINT_EVERY = Setting.withDefault("checkpoint.every", "N",
            Parsers.atLeast(1), "1", "Epochs between checkpoints");

    /** Every setting, in the order of the help and of the docs' table. */
    public static final List<Setting<?>> SETTINGS = List.of(EXPERIMENT, SEEDS, RUN_ID, PARALLEL, THREADS, DATASET, DATA_DIR,
            TRAIN_SUBSET, TEST_SUBSET, MODEL, HIDDEN, OPTIMIZER, LR, MOMENTUM, LR_SCHEDULE, LR_SEARCH, EPOCHS,
            BATCH_SIZE, DEVICE, ARM, BOOTSTRAP_SERVERS, CONTROLLABLE, COMMAND_KEYS_FILE, COMMAND_WINDOW, RECORD_DIR,
            KICK, EVERY, KICK_PARAMS, CHECKPOINT_DIR, CHECKPOINT_EVERY);

    private TrainSettings() {
    }

    private static ValueParser<String> lowerCaseOneOf(List<String> names) {
        String rule = "must be " + String.join(", ", names.subList(0, names.size() - 1)) + " or "
                + names.get(names.size() - 1);
        return text -> {
            String name = text.trim().toLowerCase(Locale.ROOT);
            if (!names.contains(name)) {
                throw new IllegalArgumentException(rule);
            }
            return name;
        };
    }

    private static ValueParser<Double> positive() {
        return text -> {
            double value = Parsers.number().parse(text);
            if (!(value > 0)) {
                throw new IllegalArgumentException("must be greater than 0");
            }
            return value;
        };
    }

    private static ValueParser<Path> path() {
        return text -> {
            try {
                return Path.of(Parsers.text().parse(text));
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("must be a path: " + e.getReason());
            }
        };
    }

    /** Brokers as host:port pairs, or null for "none": the run trains offline. */
    private static ValueParser<String> hostPortsOrNone() {
        ValueParser<String> hostPorts = Parsers.hostPorts();
        return text -> text.isBlank() || text.trim().equalsIgnoreCase("none") ? null : hostPorts.parse(text);
    }

    /** NAME=VALUE pairs, comma separated (a repeated option is joined with commas). */
    private static ValueParser<Map<String, Double>> kickParameters() {
        return text -> {
            Map<String, Double> parameters = new LinkedHashMap<>();
            for (String pair : text.split(",", -1)) {
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("must be NAME=VALUE pairs such as fraction=0.2");
                }
                double value = Parsers.number().parse(pair.substring(equals + 1));
                parameters.put(pair.substring(0, equals).trim(), value);
            }
            return parameters;
        };
    }
}
