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
 * <p>Production binds the keys to command-line options and environment variables, tests to a
 * {@code Map}. Reading never throws; {@link #validate()} reports every problem at once, each naming the
 * key and the offending value.
 *
 * <table>
 *   <caption>Keys and defaults</caption>
 *   <tr><th>key</th><th>default</th></tr>
 *   <tr><td>{@value #BOOTSTRAP_SERVERS}</td><td>required</td></tr>
 *   <tr><td>{@value #TARGET}</td><td>required: the target whose statistics drive decisions</td></tr>
 *   <tr><td>{@value #CONTROLLER_ID}</td><td>{@value #DEFAULT_CONTROLLER_ID}</td></tr>
 *   <tr><td>{@value #EXPERIMENTS}</td><td>every experiment (else comma-separated names)</td></tr>
 *   <tr><td>{@value #PERTURBATION}</td><td>shrink_perturb</td></tr>
 *   <tr><td>{@value #PERTURBATION_PARAMS}</td><td>the kind's defaults; "name=value,..."</td></tr>
 *   <tr><td>{@value #COMMAND_MODE}</td><td>periodic (or one-shot)</td></tr>
 *   <tr><td>{@value #COMMAND_LEAD_EPOCHS}</td><td>1: a schedule starts with the run's next epoch</td></tr>
 *   <tr><td>{@value #MIN_RUNS}</td><td>{@value #DEFAULT_MIN_RUNS}</td></tr>
 *   <tr><td>{@value #PROBE_SHARE}</td><td>{@value #DEFAULT_PROBE_SHARE}</td></tr>
 *   <tr><td>{@value #PROBE_PERIOD}</td><td>auto: max(t_QSS, {@value #PROBE_MIN_PERIOD}) rounded up to a
 *       multiple of {@value #PROBE_PERIOD_STEP}</td></tr>
 *   <tr><td>{@value #PROBE_MIN_PERIOD}</td><td>{@value #DEFAULT_PROBE_MIN_PERIOD}</td></tr>
 *   <tr><td>{@value #PROBE_PERIOD_STEP}</td><td>{@value #DEFAULT_PROBE_PERIOD_STEP}</td></tr>
 *   <tr><td>{@value #HOLDOUT_SHARE}</td><td>{@value #DEFAULT_HOLDOUT_SHARE}</td></tr>
 *   <tr><td>{@value #MAX_KICKS_PER_RUN}</td><td>{@value #DEFAULT_MAX_KICKS_PER_RUN}</td></tr>
 *   <tr><td>{@value #HYSTERESIS_UPDATES}</td><td>{@value #DEFAULT_HYSTERESIS_UPDATES}</td></tr>
 *   <tr><td>{@value #REFINE_PROBES}</td><td>{@value #DEFAULT_REFINE_PROBES}</td></tr>
 *   <tr><td>{@value #DRY_RUN}</td><td>false</td></tr>
 *   <tr><td>{@value #EXPERIMENT_RETENTION_MS}</td><td>3600000 (1 h): how long an experiment whose runs all
 *       finished stays in memory after its last change; 0 keeps every experiment</td></tr>
 *   <tr><td>{@value #SEED}</td><td>{@value #DEFAULT_SEED}</td></tr>
 *   <tr><td>{@value #COMMAND_KEY}</td><td>none: commands go unsigned; else the signing key,
 *       {@code id:base64secret} (docs/security.md)</td></tr>
 *   <tr><td>{@value #COMMAND_KEY_FILE}</td><td>none; else a file holding the signing key in the same form</td></tr>
 *   <tr><td>{@value #TOPIC_EPOCHS}, {@value #TOPIC_LIFECYCLE}, {@value #TOPIC_ACKS}, {@value #TOPIC_FPT_STATS},
 *       {@value #TOPIC_COMMANDS}, {@value #TOPIC_DECISIONS}</td><td>the names in {@link Topics}</td></tr>
 *   <tr><td>{@code security.protocol}, {@code sasl.*}, {@code ssl.*} ({@link KafkaSecurity#KEYS})</td>
 *       <td>plaintext; how the clients authenticate and encrypt, as {@link KafkaSecurity} reads them</td></tr>
 *   <tr><td>{@code kafka.<name>}</td><td>passed to the Kafka clients as {@code <name>}</td></tr>
 * </table>
 */
public final class ControllerConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String TARGET = "target";
    public static final String CONTROLLER_ID = "controller.id";
    public static final String EXPERIMENTS = "experiments";
    public static final String PERTURBATION = "perturbation";
    public static final String PERTURBATION_PARAMS = "perturbation.params";
    public static final String COMMAND_MODE = "command.mode";
    public static final String COMMAND_LEAD_EPOCHS = "command.lead.epochs";
    public static final String MIN_RUNS = "min.runs";
    public static final String PROBE_SHARE = "probe.share";
    public static final String PROBE_PERIOD = "probe.period";
    public static final String PROBE_MIN_PERIOD = "probe.min.period";
    public static final String PROBE_PERIOD_STEP = "probe.period.step";
    public static final String HOLDOUT_SHARE = "holdout.share";
    public static final String MAX_KICKS_PER_RUN = "max.kicks.per.run";
    public static final String HYSTERESIS_UPDATES = "hysteresis.updates";
    public static final String REFINE_PROBES = "refine.probes";
    public static final String DRY_RUN = "dry.run";
    public static final String EXPERIMENT_RETENTION_MS = "experiment.retention.ms";
    public static final String SEED = "seed";
    public static final String COMMAND_KEY = "command.key";
    public static final String COMMAND_KEY_FILE = "command.key.file";
    public static final String TOPIC_EPOCHS = "topic.epochs";
    public static final String TOPIC_LIFECYCLE = "topic.lifecycle";
    public static final String TOPIC_ACKS = "topic.acks";
    public static final String TOPIC_FPT_STATS = "topic.fpt-stats";
    public static final String TOPIC_COMMANDS = "topic.commands";
    public static final String TOPIC_DECISIONS = "topic.decisions";
    /** Keys starting with this prefix are handed to the Kafka clients without it. */
    public static final String KAFKA_PREFIX = "kafka.";

    public static final String DEFAULT_CONTROLLER_ID = "firstpass-controller";
    public static final PerturbationKind DEFAULT_PERTURBATION = PerturbationKind.SHRINK_PERTURB;
    public static final int DEFAULT_MIN_RUNS = 8;
    public static final double DEFAULT_PROBE_SHARE = 0.5;
    /** Below the post-kick relaxation time a probe yields no valid prediction; about 10 epochs on CIFAR. */
    public static final int DEFAULT_PROBE_MIN_PERIOD = 10;
    public static final int DEFAULT_PROBE_PERIOD_STEP = 5;
    public static final double DEFAULT_HOLDOUT_SHARE = 0.2;
    public static final int DEFAULT_MAX_KICKS_PER_RUN = 20;
    public static final int DEFAULT_HYSTERESIS_UPDATES = 3;
    /** Further probes below the reference's validity floor; each costs min.runs runs (docs/controller.md). */
    public static final int DEFAULT_REFINE_PROBES = 3;
    public static final Duration DEFAULT_EXPERIMENT_RETENTION = Duration.ofHours(1);
    public static final long DEFAULT_SEED = 20250206L;
    /** The value of {@value #PROBE_PERIOD} that chooses tau0 from t_QSS. */
    public static final String AUTO = "auto";

    private static final Set<String> KEYS = keys();

    private final List<String> problems;
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
        ConfigReader in = new ConfigReader(values);
        kafkaOverrides = in.prefixed(KAFKA_PREFIX);
        in.rejectUnknown(KEYS, KAFKA_PREFIX);
        bootstrapServers = in.requiredText(BOOTSTRAP_SERVERS);
        controllerId = in.text(CONTROLLER_ID, DEFAULT_CONTROLLER_ID);
        experiments = in.parsed(EXPERIMENTS, Set.of(), ControllerConfig::names);
        topics = new ControllerTopics(
                in.text(TOPIC_EPOCHS, Topics.EPOCH_EVENTS),
                in.text(TOPIC_LIFECYCLE, Topics.RUN_LIFECYCLE),
                in.text(TOPIC_ACKS, Topics.ACKS),
                in.text(TOPIC_FPT_STATS, Topics.FPT_STATS),
                in.text(TOPIC_COMMANDS, Topics.COMMANDS),
                in.text(TOPIC_DECISIONS, Topics.DECISIONS));
        Double target = null;
        if (in.requiredText(TARGET) != null) {
            target = in.parsed(TARGET, null, ControllerConfig::finiteNumber);
        }
        PerturbationKind kind = in.parsed(PERTURBATION, DEFAULT_PERTURBATION, PerturbationKind::parse);
        Map<String, Double> params = in.parsed(PERTURBATION_PARAMS, Map.of(), ControllerConfig::params);
        checkParams(in, kind, params);
        CommandMode mode = in.parsed(COMMAND_MODE, CommandMode.PERIODIC, CommandMode::parse);
        int leadEpochs = (int) in.whole(COMMAND_LEAD_EPOCHS, 1, 1);
        int minRuns = (int) in.whole(MIN_RUNS, DEFAULT_MIN_RUNS, 1);
        double probeShare = in.share(PROBE_SHARE, DEFAULT_PROBE_SHARE, false);
        int probePeriod = in.parsed(PROBE_PERIOD, 0, ControllerConfig::period);
        int probeMinPeriod = (int) in.whole(PROBE_MIN_PERIOD, DEFAULT_PROBE_MIN_PERIOD, 1);
        int probePeriodStep = (int) in.whole(PROBE_PERIOD_STEP, DEFAULT_PROBE_PERIOD_STEP, 1);
        double holdoutShare = in.share(HOLDOUT_SHARE, DEFAULT_HOLDOUT_SHARE, true);
        int maxKicks = (int) in.whole(MAX_KICKS_PER_RUN, DEFAULT_MAX_KICKS_PER_RUN, 1);
        int hysteresis = (int) in.whole(HYSTERESIS_UPDATES, DEFAULT_HYSTERESIS_UPDATES, 1);
        int refineProbes = (int) in.whole(REFINE_PROBES, DEFAULT_REFINE_PROBES, 0);
        boolean dryRun = in.bool(DRY_RUN, false);
        long seed = in.parsed(SEED, DEFAULT_SEED, ControllerConfig::anyWhole);
        experimentRetention = Duration.ofMillis(
                in.whole(EXPERIMENT_RETENTION_MS, DEFAULT_EXPERIMENT_RETENTION.toMillis(), 0));
        signer = signer(in);
        security = KafkaSecurity.read(in);
        problems = in.problems();
        policy = problems.isEmpty()
                ? new PolicySettings(target, kind, params, mode, leadEpochs, minRuns, probeShare, probePeriod, probeMinPeriod,
                        probePeriodStep, holdoutShare, maxKicks, hysteresis, dryRun, seed, refineProbes, List.of(), false)
                : null;
    }

    /**
     * This configuration, if it is usable.
     *
     * @throws ControllerConfigException listing every problem found
     */
    public ControllerConfig validate() {
        if (!problems.isEmpty()) {
            throw new ControllerConfigException(problems);
        }
        return this;
    }

    /** Every problem found; empty when the configuration is usable. */
    public List<String> problems() {
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

    private static Set<String> keys() {
        Set<String> keys = new HashSet<>(Set.of(BOOTSTRAP_SERVERS, TARGET, CONTROLLER_ID, EXPERIMENTS, PERTURBATION,
                PERTURBATION_PARAMS, COMMAND_MODE, COMMAND_LEAD_EPOCHS, MIN_RUNS, PROBE_SHARE, PROBE_PERIOD,
                PROBE_MIN_PERIOD, PROBE_PERIOD_STEP, HOLDOUT_SHARE, MAX_KICKS_PER_RUN, HYSTERESIS_UPDATES, REFINE_PROBES, DRY_RUN,
                SEED, EXPERIMENT_RETENTION_MS, COMMAND_KEY, COMMAND_KEY_FILE, TOPIC_EPOCHS, TOPIC_LIFECYCLE,
                TOPIC_ACKS, TOPIC_FPT_STATS, TOPIC_COMMANDS, TOPIC_DECISIONS));
        keys.addAll(KafkaSecurity.KEYS);
        return Set.copyOf(keys);
    }

    private static Set<String> names(String text) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : text.split(",", -1)) {
            if (name.isBlank()) {
                throw new IllegalArgumentException("must be experiment names, comma separated: '" + text + "'");
            }
            names.add(name.trim());
        }
        return Set.copyOf(names);
    }

    private static double finiteNumber(String text) {
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a number: '" + text + "'");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("must be a finite number: '" + text + "'");
        }
        return value;
    }

    private static long anyWhole(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number: '" + text + "'");
        }
    }

    private static int period(String text) {
        if (text.equalsIgnoreCase(AUTO)) {
            return 0;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below with the rule.
        }
        throw new IllegalArgumentException("must be " + AUTO + " or a whole number of epochs, at least 1: '" + text
                + "'");
    }

    private static Map<String, Double> params(String text) {
        Map<String, Double> params = new LinkedHashMap<>();
        for (String item : text.split(",", -1)) {
            String[] pair = item.split("=", -1);
            if (pair.length != 2 || pair[0].isBlank()) {
                throw new IllegalArgumentException("must be name=value pairs, comma separated: '" + item.trim()
                        + "' in '" + text + "'");
            }
            params.put(pair[0].trim(), finiteNumber(pair[1].trim()));
        }
        return params;
    }

    // Messages name the key and the entry or key id, never the secret: they end up on terminals and in logs.
    private static CommandSigner signer(ConfigReader in) {
        String text = in.secret(COMMAND_KEY);
        String file = in.text(COMMAND_KEY_FILE, null);
        if (text != null && file != null) {
            in.problem("give " + COMMAND_KEY + " or " + COMMAND_KEY_FILE + ", not both");
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
            e.problems().forEach(problem -> in.problem(text != null ? problem : COMMAND_KEY_FILE + ": " + problem));
        }
        return null;
    }

    // The protocol owns the parameters' rules; a command built once here reports every broken one.
    private static void checkParams(ConfigReader in, PerturbationKind kind, Map<String, Double> params) {
        try {
            new Command("check", "check", "check", kind, params, Schedule.nextEpoch(), Instant.EPOCH);
        } catch (InvalidRecordException e) {
            e.violations().forEach(violation -> in.problem(PERTURBATION_PARAMS + ": " + violation));
        }
    }
}
