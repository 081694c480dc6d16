package dev.firstpass.controller;

import dev.firstpass.controller.command.CommandMode;
import dev.firstpass.controller.policy.PolicySettings;
import dev.firstpass.core.kafka.KafkaSecurity;
import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.InvalidRecordException;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.protocol.Schedule;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.core.protocol.signing.CommandKey;
import dev.firstpass.core.protocol.signing.CommandKeyException;
import dev.firstpass.core.protocol.signing.CommandSigner;
import dev.firstpass.core.settings.Parsers;
import dev.firstpass.core.settings.Problem;
import dev.firstpass.core.settings.Setting;
import dev.firstpass.core.settings.SettingsReader;
import dev.firstpass.core.settings.SharedSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The controller's configuration: typed values with stated defaults, read from string keys.
 *
 * <p>Every setting is declared once below ({@link #SETTINGS}): its key, option, environment variable,
 * rule, default and doc line. Production binds them to command-line options and environment variables,
 * tests to a {@code Map}. Reading never throws; {@link #problems()} lists every problem as data (setting,
 * value, rule) and {@link #validate()} reports them all at once.
 *
 * <p>Besides the declared settings: {@value #COMMAND_KEY}, the signing key itself ({@code id:base64secret},
 * docs/security.md), which only the environment may give; {@code security.protocol}, {@code sasl.*} and
 * {@code ssl.*} ({@link KafkaSecurity#KEYS}); and {@code kafka.<name>}, passed to the Kafka clients as
 * {@code <name>}.
 */
public final class ControllerConfig {

    public static final Setting<String> BOOTSTRAP_SERVERS = SharedSettings.BOOTSTRAP_SERVERS;
    public static final Setting<Double> TARGET = Setting.required("target", "X", Parsers.number(),
            "The target (one of the monitor's) whose statistics drive decisions")
            .withEnvironment("FIRSTPASS_CONTROLLER_TARGET");
    public static final Setting<Set<String>> EXPERIMENTS = Setting.optional("experiments", "NAME[,NAME...]",
            Parsers.names(), "all", "Experiments to control").withEnvironment("FIRSTPASS_CONTROLLER_EXPERIMENTS");
    public static final Setting<String> CONTROLLER_ID = Setting.withDefault("controller.id", "ID", Parsers.text(),
            "firstpass-controller", "Names this controller; a second one with the same id takes over from the first");
    public static final Setting<PerturbationKind> PERTURBATION = SharedSettings.PERTURBATION;
    public static final Setting<Map<String, Double>> PERTURBATION_PARAMS = Setting.optional("perturbation.params",
            "NAME=VALUE[,...]", ControllerConfig::params, "the kind's own",
            "The perturbation's parameters, e.g. shrink=0.4,perturb=0.1").withOption("--params");
    public static final Setting<CommandMode> COMMAND_MODE = Setting.withDefault("command.mode", "periodic|one-shot",
            Parsers.oneOf(CommandMode::parse, "must be periodic or one-shot"), "periodic",
            "periodic: one schedule per run, kicks at exact epochs even while the controller is down; one-shot: a"
                    + " command per kick").withOption("--mode");
    public static final Setting<Integer> COMMAND_LEAD_EPOCHS = Setting.withDefault("command.lead.epochs", "N",
            Parsers.atLeast(1), "1", "A schedule starts this many epochs after the run's last reported one, at the"
                    + " earliest").withOption("--lead-epochs");
    public static final Setting<Integer> MIN_RUNS = Setting.withDefault("min.runs", "N", Parsers.atLeast(1), "8",
            "Runs of the reference probe and of a further probe in full (its first group is half), and the"
                    + " fewest unperturbed runs the baseline keeps while exploiting")
            .withEnvironment("FIRSTPASS_CONTROLLER_MIN_RUNS");
    /**
     * Each baseline run trains its whole budget unperturbed, the slowest way there is, so the baseline is as small
     * as its test allows: 4 runs against 4 is the smallest sample a two-sample KS test at level 0.05 can reject
     * with (docs/controller.md).
     */
    public static final Setting<Integer> BASELINE_RUNS = Setting.withDefault("baseline.runs", "N",
            Parsers.atLeast(1), "4", "Unperturbed runs the baseline is observed with before probing; runs that"
                    + " start after them join a provisional probe meanwhile");
    public static final Setting<Double> PROBE_SHARE = Setting.withDefault("probe.share", "P",
            Parsers.strictlyBetweenZeroAndOne(), "0.5", "Share of the runs probed");
    /** 0 stands for auto: tau0 chosen from t_QSS. */
    public static final Setting<Integer> PROBE_PERIOD = Setting.withDefault("probe.period", "auto|N",
            ControllerConfig::period, "auto", "tau0; auto = max(t_QSS, --probe-min-period) rounded up to a multiple"
                    + " of --probe-period-step");
    /** Below the post-kick relaxation time a probe yields no valid prediction; about 10 epochs on CIFAR. */
    public static final Setting<Integer> PROBE_MIN_PERIOD = Setting.withDefault("probe.min.period", "N",
            Parsers.atLeast(1), "10", "Shortest automatic tau0");
    public static final Setting<Integer> PROBE_PERIOD_STEP = Setting.withDefault("probe.period.step", "N",
            Parsers.atLeast(1), "5", "Automatic tau0 is a multiple of this");
    public static final Setting<Double> HOLDOUT_SHARE = Setting.withDefault("holdout.share", "P", Parsers.share(),
            "0.2", "Share of the runs kept unperturbed while exploiting");
    public static final Setting<Integer> MAX_KICKS_PER_RUN = Setting.withDefault("max.kicks.per.run", "N",
            Parsers.atLeast(1), "20", "Most kicks per run").withOption("--max-kicks");
    public static final Setting<Integer> HYSTERESIS_UPDATES = Setting.withDefault("hysteresis.updates", "N",
            Parsers.atLeast(1), "3", "Consecutive statistics updates needed to change tau* or stop kicking")
            .withOption("--hysteresis");
    /**
     * Further probes below the reference's validity floor; each costs half of min.runs runs, or min.runs when its
     * first half leaves the comparison open (docs/controller.md).
     */
    public static final Setting<Integer> REFINE_PROBES = Setting.withDefault("refine.probes", "N",
            Parsers.atLeast(0), "3", "Most further probes that measure periods below the reference probe's validity"
                    + " floor while exploiting; 0 adopts the reference's tau* as it is");
    public static final Setting<Duration> EXPERIMENT_RETENTION = Setting.withDefault("experiment.retention",
            "DURATION", Parsers.duration(true), "1h", "How long an experiment whose runs all finished is kept in"
                    + " memory after its last change; 0s keeps every experiment");
    public static final Setting<Long> SEED = Setting.withDefault("seed", "N", Parsers.anyWhole(), "20250206",
            "Seeds the draws that put runs into arms").withEnvironment("FIRSTPASS_CONTROLLER_SEED");
    public static final Setting<Boolean> DRY_RUN = Setting.withDefault("dry.run", "true|false", Parsers.bool(),
            "false", "Decide and record, but send no command").asFlag();
    public static final Setting<String> COMMAND_KEY_FILE = Setting.optional("command.key.file", "FILE",
            Parsers.text(), "unsigned, unless " + "FIRSTPASS_COMMAND_KEY holds the key itself",
            "Sign every command with the one key in FILE (id:base64secret; docs/security.md)")
            .withOption("--command-key");
    public static final Setting<String> TOPIC_EPOCHS = topic("topic.epochs", Topics.EPOCH_EVENTS, "epoch events");
    public static final Setting<String> TOPIC_LIFECYCLE = topic("topic.lifecycle", Topics.RUN_LIFECYCLE,
            "run starts and ends");
    public static final Setting<String> TOPIC_ACKS = topic("topic.acks", Topics.ACKS, "the trainers' acks");
    public static final Setting<String> TOPIC_FPT_STATS = topic("topic.fpt-stats", Topics.FPT_STATS,
            "the monitor's statistics");
    public static final Setting<String> TOPIC_COMMANDS = topic("topic.commands", Topics.COMMANDS,
            "the commands sent");
    public static final Setting<String> TOPIC_DECISIONS = topic("topic.decisions", Topics.DECISIONS,
            "the audit trail of decisions");

    /** Every declared setting, in the order of the help. */
    public static final List<Setting<?>> SETTINGS = List.of(BOOTSTRAP_SERVERS, TARGET, EXPERIMENTS, CONTROLLER_ID,
            PERTURBATION, PERTURBATION_PARAMS, COMMAND_MODE, COMMAND_LEAD_EPOCHS, MIN_RUNS, BASELINE_RUNS, PROBE_SHARE,
            PROBE_PERIOD, PROBE_MIN_PERIOD, PROBE_PERIOD_STEP, HOLDOUT_SHARE, MAX_KICKS_PER_RUN, HYSTERESIS_UPDATES,
            REFINE_PROBES, EXPERIMENT_RETENTION, SEED, DRY_RUN, COMMAND_KEY_FILE, TOPIC_EPOCHS, TOPIC_LIFECYCLE,
            TOPIC_ACKS, TOPIC_FPT_STATS, TOPIC_COMMANDS, TOPIC_DECISIONS);

    /** The signing key itself, id:base64secret; from the environment only, never shown in a problem. */
    public static final String COMMAND_KEY = "command.key";
    /** Keys starting with this prefix are handed to the Kafka clients without it. */
    public static final String KAFKA_PREFIX = "kafka.";
    /** The value of {@link #PROBE_PERIOD} that chooses tau0 from t_QSS. */
    public static final String AUTO = "auto";

    private final List<Problem> problems;
    private final String bootstrapServers;
    private final String controllerId;
    private final Set<String> experiments;
    private final ControllerTopics topics;
    private final PolicySettings policy;
    private final KafkaSecurity security;
    private final Map<String, String> kafkaOverrides;
    private final CommandSigner signer;
    private final Duration experimentRetention;

    /** Reads the configuration from {@code values}; call {@link #validate()} before using it. */
    public ControllerConfig(Map<String, String> values) {
        SettingsReader in = SettingsReader.of(values);
        kafkaOverrides = in.prefixed(KAFKA_PREFIX);
        Set<String> alsoKnown = new HashSet<>(KafkaSecurity.KEYS);
        alsoKnown.add(COMMAND_KEY);
        in.rejectUnknown(SETTINGS, alsoKnown, ", and " + KAFKA_PREFIX + "<name> for the Kafka clients", KAFKA_PREFIX);
        bootstrapServers = in.get(BOOTSTRAP_SERVERS);
        controllerId = in.get(CONTROLLER_ID);
        experiments = Optional.ofNullable(in.get(EXPERIMENTS)).orElse(Set.of());
        topics = new ControllerTopics(in.get(TOPIC_EPOCHS), in.get(TOPIC_LIFECYCLE), in.get(TOPIC_ACKS),
                in.get(TOPIC_FPT_STATS), in.get(TOPIC_COMMANDS), in.get(TOPIC_DECISIONS));
        Double target = in.get(TARGET);
        PerturbationKind kind = in.get(PERTURBATION);
        Map<String, Double> params = Optional.ofNullable(in.get(PERTURBATION_PARAMS)).orElse(Map.of());
        if (kind != null) {
            checkParams(in, kind, params);
        }
        CommandMode mode = in.get(COMMAND_MODE);
        Integer leadEpochs = in.get(COMMAND_LEAD_EPOCHS);
        Integer minRuns = in.get(MIN_RUNS);
        Integer baselineRuns = in.get(BASELINE_RUNS);
        Double probeShare = in.get(PROBE_SHARE);
        Integer probePeriod = in.get(PROBE_PERIOD);
        Integer probeMinPeriod = in.get(PROBE_MIN_PERIOD);
        Integer probePeriodStep = in.get(PROBE_PERIOD_STEP);
        Double holdoutShare = in.get(HOLDOUT_SHARE);
        Integer maxKicks = in.get(MAX_KICKS_PER_RUN);
        Integer hysteresis = in.get(HYSTERESIS_UPDATES);
        Integer refineProbes = in.get(REFINE_PROBES);
        Boolean dryRun = in.get(DRY_RUN);
        Long seed = in.get(SEED);
        experimentRetention = in.get(EXPERIMENT_RETENTION);
        signer = signer(in, values);
        security = KafkaSecurity.read(in);
        problems = in.problems();
        policy = problems.isEmpty()
                ? new PolicySettings(target, kind, params, mode, leadEpochs, minRuns, baselineRuns, probeShare,
                        probePeriod, probeMinPeriod, probePeriodStep, holdoutShare, maxKicks, hysteresis, dryRun, seed,
                        refineProbes, List.of(), false)
                : null;
    }

    /**
     * This configuration, if it is usable.
     *
     * @throws ControllerConfigException listing every problem found
     */
    public ControllerConfig validate() {
        if (!problems.isEmpty()) {
            throw new ControllerConfigException(problems.stream().map(Problem::message).toList());
        }
        return this;
    }

    /** Every problem found, as data; empty when the configuration is usable. */
    public List<Problem> problems() {
        return problems;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Names this controller: the Kafka transactional id, so a restarted controller fences off its
     * predecessor, and the CloudEvents source of its commands.
     */
    public String controllerId() {
        return controllerId;
    }

    /** The experiments controlled; empty means every experiment. */
    public Set<String> experiments() {
        return experiments;
    }

    public boolean controls(String experiment) {
        return experiments.isEmpty() || experiments.contains(experiment);
    }

    public ControllerTopics topics() {
        return topics;
    }

    /**
     * How each experiment is decided.
     *
     * @throws ControllerConfigException when the configuration is not usable
     */
    /**
     * How long an experiment whose runs have all finished is kept after its last change; zero keeps
     * every experiment. Forgetting finished experiments keeps the controller's memory proportional to
     * the experiments in flight rather than to every experiment it has ever seen.
     */
    public Duration experimentRetention() {
        return experimentRetention;
    }

    public PolicySettings policy() {
        validate();
        return policy;
    }

    /** What signs every command sent, if a key was given; without one, commands go unsigned. */
    public Optional<CommandSigner> commandSigner() {
        validate();
        return Optional.ofNullable(signer);
    }

    /** The {@code ce_source} of the commands, e.g. "/firstpass/controller/firstpass-controller". */
    public String commandSource() {
        return "/firstpass/controller/" + controllerId;
    }

    /** How the controller's Kafka clients authenticate and encrypt; plaintext unless the settings say otherwise. */
    public KafkaSecurity security() {
        return security;
    }

    /** Properties every Kafka client starts from: the servers, the {@link #security()}, then the {@code kafka.*} keys. */
    public Properties clientProperties() {
        validate();
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.putAll(security.clientProperties());
        props.putAll(kafkaOverrides);
        return props;
    }

    private static int period(String text) {
        if (text.trim().equalsIgnoreCase(AUTO)) {
            return 0;
        }
        try {
            return Parsers.atLeast(1).parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be " + AUTO + " or a whole number of epochs, at least 1");
        }
    }

    private static Map<String, Double> params(String text) {
        Map<String, Double> params = new LinkedHashMap<>();
        for (String item : text.split(",", -1)) {
            String[] pair = item.split("=", -1);
            if (pair.length != 2 || pair[0].isBlank()) {
                throw new IllegalArgumentException("must be name=value pairs, comma separated");
            }
            params.put(pair[0].trim(), Parsers.number().parse(pair[1]));
        }
        return params;
    }

    // Messages name the key and the entry or key id, never the secret: they end up on terminals and in logs.
    private static CommandSigner signer(SettingsReader in, Map<String, String> values) {
        String text = values.get(COMMAND_KEY);
        String file = in.get(COMMAND_KEY_FILE);
        if (text != null && text.isBlank()) {
            in.problem(Problem.of(COMMAND_KEY, null, "must not be blank"));
            return null;
        }
        if (text != null && file != null) {
            in.problem("give " + COMMAND_KEY + " or " + COMMAND_KEY_FILE.key() + ", not both");
            return null;
        }
        try {
            if (text != null) {
                return CommandSigner.withKey(CommandKey.parse(text, COMMAND_KEY));
            }
            if (file != null) {
                return CommandSigner.withKey(CommandKey.fromFile(Path.of(file)));
            }
        } catch (CommandKeyException e) {
            e.problems().forEach(problem -> in.problem(text != null ? Problem.general(problem)
                    : Problem.of(COMMAND_KEY_FILE.key(), null, problem)));
        }
        return null;
    }

    // The protocol owns the parameters' rules; a command built once here reports every broken one.
    private static void checkParams(SettingsReader in, PerturbationKind kind, Map<String, Double> params) {
        try {
            new Command("check", "check", "check", kind, params, Schedule.nextEpoch(), Instant.EPOCH);
        } catch (InvalidRecordException e) {
            e.violations().forEach(violation -> in.problem(Problem.of(PERTURBATION_PARAMS.key(), null, violation)));
        }
    }

    private static Setting<String> topic(String key, String name, String holding) {
        return Setting.withDefault(key, "TOPIC", Parsers.text(), name, "The topic of " + holding);
    }
}
