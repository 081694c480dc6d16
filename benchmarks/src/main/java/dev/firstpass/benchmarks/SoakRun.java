package dev.firstpass.benchmarks;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.controller.ControllerApp;
import dev.firstpass.controller.ControllerConfig;
import dev.firstpass.controller.loop.MonitorLag;
import dev.firstpass.controller.loop.PlateauProcess;
import dev.firstpass.controller.loop.SimulatedTrainers;
import dev.firstpass.controller.loop.TickClock;
import dev.firstpass.controller.policy.ExperimentStatus;
import dev.firstpass.core.protocol.Phase;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.core.protocol.signing.CommandKey;
import dev.firstpass.core.protocol.signing.CommandKeyRing;
import dev.firstpass.core.protocol.signing.CommandVerifier;
import dev.firstpass.monitor.MonitorApp;
import dev.firstpass.monitor.MonitorConfig;
import dev.firstpass.monitor.query.ExperimentSummary;
import dev.firstpass.monitor.query.ExperimentView;
import dev.firstpass.monitor.query.QueriesUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Hours of the whole loop in one JVM, to see whether memory and stores stay bounded: the in-process
 * broker, the real monitor and controller, and one experiment after another of simulated trainers that
 * speak the real wire protocol (the closed-loop tests' {@link SimulatedTrainers}).
 *
 * <p>Run on purpose (scripts/soak.sh), never as a test. Every sample interval it appends a line to
 * {@code soak.csv} (see {@link SoakSample}), checking the loop's invariants as it goes: every epoch event
 * sent reaches the monitor, no command id reaches a run twice, no refusal but the expected race with a
 * finishing run, decisions numbered without gaps and matching the commands published. At the end, or
 * when stopped early (Ctrl-C, or SIGTERM: a background job started by a shell ignores SIGINT), it writes
 * {@code soak.png} and {@code soak-summary.md}; {@code --summarize DIR} writes them again from a CSV.
 *
 * <p>Options: {@code --minutes} (150), {@code --out} (required), {@code --runs} per experiment (40),
 * {@code --epochs} per run (60), {@code --listen-ms} the shortest step (150), {@code --sample-seconds}
 * (30), {@code --statistics-ms} the monitor's analysis interval (250).
 */
public final class SoakRun {

    static {
        // Kafka and Kafka Streams log thousands of INFO lines; set before the first logger is created.
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }

    private static final String APPLICATION_ID = "soak-monitor";
    /** The controller signs with it; the simulated trainers verify with it. */
    private static final CommandKey KEY = CommandKey.generate("soak", new SecureRandom());
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Duration DRAIN = Duration.ofSeconds(30);
    /** Commands of an experiment are compared with its decisions this long after its runs finished. */
    private static final Duration SETTLE_AFTER = Duration.ofSeconds(60);
    /** At the end the controller has had the runs' last events for a while; a short pause is enough. */
    private static final Duration FINAL_SETTLE = Duration.ofSeconds(10);
    private static final String EXPECTED_REFUSAL = "the run finished after epoch";

    private final Options options;
    private final TickClock clock = new TickClock(Instant.parse("2025-06-01T00:00:00Z"));
    private final long startNanos = System.nanoTime();
    private final Totals totals = new Totals();
    private final Deque<Finished> unsettled = new ArrayDeque<>();
    private final Path csv;
    private final Path violationLog;
    private volatile boolean stopRequested;
    private long nextSampleNanos;
    private EmbeddedKafkaBroker kafka;
    private MonitorApp monitor;
    private ControllerApp controller;
    private Admin admin;
    private CommandAudit audit;
    private SimulatedTrainers current;

    private SoakRun(Options options) {
        this.options = options;
        this.csv = options.out().resolve("soak.csv");
        this.violationLog = options.out().resolve("violations.log");
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Options options = Options.parse(args);
        if (options.summarize() != null) {
            SoakReport.write(options.summarize());
            return;
        }
        SoakRun soak = new SoakRun(options);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            soak.stopRequested = true;
            try {
                // Gives the main thread time for its last sample, the report and an orderly shutdown.
                done.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "soak-shutdown"));
        try {
            soak.run();
        } finally {
            done.countDown();
        }
    }

    private void run() throws Exception {
        Files.createDirectories(options.out());
        Files.writeString(csv, SoakSample.csvHeader() + "\n", StandardCharsets.UTF_8);
        Files.writeString(violationLog, "", StandardCharsets.UTF_8);
        System.out.printf("soak: %d min, experiments of %d runs x %d epochs, step at least %d ms, sample every %d s,"
                + " output in %s, max heap %.0f MiB%n", options.minutes(), options.runs(), options.epochs(),
                options.listen().toMillis(), options.sample().toSeconds(), options.out(),
                SoakSample.mib(Runtime.getRuntime().maxMemory()));
        try {
            startLoop();
            nextSampleNanos = System.nanoTime();
            sampleIfDue();
            for (int index = 1; !stopping(); index++) {
                runExperiment(index);
            }
            settleAll();
            sample();
            System.out.println("soak: finished after " + elapsed().toMinutes() + " min");
        } finally {
            stopLoop();
            SoakReport.write(options.out());
        }
    }

    private void startLoop() throws InterruptedException {
        kafka = EmbeddedKafkaBroker.start(BrokerSettings.persistentAt(options.out().resolve("broker"), 0));
        Map<String, Integer> plain = new LinkedHashMap<>();
        Topics.all().stream().filter(topic -> !topic.equals(Topics.FPT_STATS)).forEach(topic -> plain.put(topic, 1));
        kafka.createTopics(plain);
        kafka.createCompactedTopics(Map.of(Topics.FPT_STATS, 1));
        Map<String, String> settings = new HashMap<>();
        settings.put(MonitorConfig.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
        settings.put(MonitorConfig.APPLICATION_ID.key(), APPLICATION_ID);
        settings.put(MonitorConfig.STATE_DIR.key(), options.out().resolve("monitor-state").toString());
        settings.put(MonitorConfig.METRIC.key(), "test_acc");
        settings.put(MonitorConfig.TARGETS.key(), Double.toString(PlateauProcess.TARGET));
        settings.put(MonitorConfig.STATISTICS_INTERVAL.key(), options.statistics().toMillis() + "ms");
        settings.put(MonitorConfig.BOOTSTRAP_RESAMPLES.key(), "100");
        settings.put("streams.commit.interval.ms", "100");
        monitor = MonitorApp.start(new MonitorConfig(settings), clock);
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (monitor.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the monitor did not start: " + monitor.state());
            }
            Thread.sleep(100);
        }
        // Every experiment, as a deployment would run it; the settings are the closed-loop test's.
        controller = ControllerApp.start(new ControllerConfig(Map.of(
                ControllerConfig.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers(),
                ControllerConfig.CONTROLLER_ID.key(), "soak-controller",
                ControllerConfig.TARGET.key(), Double.toString(PlateauProcess.TARGET),
                ControllerConfig.COMMAND_LEAD_EPOCHS.key(), "2",
                ControllerConfig.HOLDOUT_SHARE.key(), "0.25",
                // Ten simulated minutes (about two of wall time): finished experiments are forgotten within
                // the soak, so the controller's heap must level off rather than grow with every experiment.
                ControllerConfig.EXPERIMENT_RETENTION.key(), Duration.ofMinutes(10).toMillis() + "ms",
                ControllerConfig.COMMAND_KEY, KEY.asText())), clock);
        if (!controller.awaitLive(PATIENCE)) {
            throw new IllegalStateException("the controller did not start", controller.failure().orElse(null));
        }
        audit = new CommandAudit(kafka.bootstrapServers());
    }

    private void stopLoop() {
        for (AutoCloseable part : new AutoCloseable[] {audit, admin, controller, monitor, kafka}) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    System.out.println("soak: closing " + part.getClass().getSimpleName() + " failed: " + e);
                }
            }
        }
    }

    private void runExperiment(int index) throws IOException, InterruptedException {
        String experiment = String.format(Locale.ROOT, "soak-%05d", index);
        try (SimulatedTrainers trainers = new SimulatedTrainers(kafka.bootstrapServers(), experiment,
                population(experiment), 1_000L + index, clock,
                CommandVerifier.of(CommandKeyRing.of(KEY), CommandVerifier.DEFAULT_WINDOW, clock))) {
            current = trainers;
            trainers.run(options.listen(), this::monitorCaughtUp, step -> {
                sampleIfDue();
                return stopping();
            });
            current = null;
            totals.add(trainers);
            checkDelivered(experiment, trainers.epochEventsSent());
            if (trainers.duplicatesIgnored() > 0) {
                violation(experiment + ": " + trainers.duplicatesIgnored() + " command deliveries repeated an id");
            }
            trainers.refusals().stream().filter(reason -> !reason.contains(EXPECTED_REFUSAL))
                    .forEach(reason -> violation(experiment + ": unexpected refusal " + reason));
            if (controller.failure().isPresent()) {
                violation("the controller stopped: " + controller.failure().get());
                stopRequested = true;
            }
            Phase phase = controller.status().stream().filter(s -> s.experiment().equals(experiment))
                    .map(ExperimentStatus::phase).findFirst().orElse(Phase.OBSERVE);
            if (phase == Phase.EXPLOIT) {
                totals.exploiting++;
            }
            unsettled.add(new Finished(experiment, System.nanoTime()));
        }
        sampleIfDue();
    }

    /**
     * Population as in the closed-loop test: three fifths of the runs start at the first step, the rest
     * one every two steps from step 6, so the monitor sees runs join an experiment under way.
     */
    private List<SimulatedTrainers.RunSpec> population(String experiment) {
        int first = options.runs() * 3 / 5;
        List<SimulatedTrainers.RunSpec> specs = new ArrayList<>();
        for (int i = 0; i < options.runs(); i++) {
            int start = i < first ? 1 : 6 + 2 * (i - first);
            specs.add(new SimulatedTrainers.RunSpec(String.format(Locale.ROOT, "%s-%02d", experiment, i + 1), start,
                    options.epochs()));
        }
        return specs;
    }

    /** Waits until the monitor holds every epoch event of {@code experiment}; a shortfall is a violation. */
    private void checkDelivered(String experiment, long sent) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        long held = -1;
        while (System.nanoTime() < deadline) {
            held = held(experiment);
            if (held == sent) {
                return;
            }
            Thread.sleep(200);
        }
        violation(experiment + ": sent " + sent + " epoch events, the monitor holds " + held + " after " + DRAIN);
    }

    private long held(String experiment) {
        try {
            return monitor.queries().experiment(experiment).map(ExperimentView::epochs).orElse(0);
        } catch (QueriesUnavailableException e) {
            return -1;
        }
    }

    /** Compares every finished experiment's commands with its decisions, after a pause for the last ones. */
    private void settleAll() throws InterruptedException {
        Thread.sleep(FINAL_SETTLE.toMillis());
        while (!unsettled.isEmpty()) {
            audit.settle(unsettled.poll().experiment()).forEach(this::violation);
        }
    }

    private void sampleIfDue() {
        if (System.nanoTime() >= nextSampleNanos) {
            nextSampleNanos += options.sample().toNanos();
            sample();
        }
    }

    private void sample() {
        long now = System.nanoTime();
        while (!unsettled.isEmpty() && now - unsettled.peek().at() > SETTLE_AFTER.toNanos()) {
            audit.settle(unsettled.poll().experiment()).forEach(this::violation);
        }
        audit.catchUp().forEach(this::violation);
        if (monitor.state() != KafkaStreams.State.RUNNING && monitor.state() != KafkaStreams.State.REBALANCING) {
            violation("the monitor is " + monitor.state());
        }
        System.gc();
        long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long experiments = -1;
        long runs = -1;
        long held = -1;
        try {
            List<ExperimentSummary> known = monitor.queries().experiments();
            experiments = known.size();
            runs = known.stream().mapToLong(ExperimentSummary::runs).sum();
            held = 0;
            for (ExperimentSummary summary : known) {
                held += held(summary.experiment());
            }
        } catch (QueriesUnavailableException e) {
            // Mid-rebalance; the next sample will have them.
        }
        Totals live = totals.plus(current);
        SoakSample sample = new SoakSample(elapsed().toSeconds(), live.epochEvents, held, live.commandsAccepted,
                live.kicks, live.refusalsExpected, live.refusalsUnexpected, live.duplicates, heapUsed,
                Runtime.getRuntime().maxMemory(), residentSet(), size(options.out().resolve("monitor-state"), ""),
                size(kafka.dataDir(), ".log"), size(kafka.dataDir(), ""), experiments, runs, totals.exploiting,
                controller.retiredExperiments(), monitorLag(), totals.violations);
        try {
            Files.writeString(csv, sample.csvLine() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + csv, e);
        }
        System.out.println(sample.progress());
    }

    private void violation(String what) {
        totals.violations++;
        System.out.println("soak: VIOLATION " + what);
        try {
            Files.writeString(violationLog, elapsed().toSeconds() + " s: " + what + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + violationLog, e);
        }
    }

    private boolean stopping() {
        return stopRequested || elapsed().compareTo(Duration.ofMinutes(options.minutes())) >= 0;
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Whether the monitor has committed every epoch event published so far. */
    private boolean monitorCaughtUp() {
        return monitorLag() == 0;
    }

    /** Epoch events published and not yet committed by the monitor; -1 when the broker cannot say. */
    private long monitorLag() {
        return MonitorLag.of(admin, APPLICATION_ID);
    }

    /**
     * Bytes of the regular files under {@code dir} whose names end with {@code suffix}; files that vanish
     * while it is walked count as 0.
     */
    static long size(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.mapToLong(file -> {
                try {
                    boolean counted = Files.isRegularFile(file) && file.getFileName().toString().endsWith(suffix);
                    return counted ? Files.size(file) : 0;
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            // A directory vanished under the walk (a segment or a RocksDB file rolled); the next sample has it.
            return -1;
        }
    }

    /** The resident set of this process from /proc (Linux), or -1 elsewhere. */
    static long residentSet() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** An experiment whose runs finished, waiting to have its commands compared with its decisions. */
    private record Finished(String experiment, long at) {
    }

    /** What the trainers of finished experiments did, added up. */
    private static final class Totals {
        long epochEvents;
        long commandsAccepted;
        long kicks;
        long refusalsExpected;
        long refusalsUnexpected;
        long duplicates;
        long exploiting;
        long violations;

        void add(SimulatedTrainers trainers) {
            epochEvents += trainers.epochEventsSent();
            commandsAccepted += trainers.commandsAccepted();
            kicks += trainers.kicks().values().stream().mapToLong(List::size).sum();
            long expected = trainers.refusals().stream().filter(r -> r.contains(EXPECTED_REFUSAL)).count();
            refusalsExpected += expected;
            refusalsUnexpected += trainers.refusals().size() - expected;
            duplicates += trainers.duplicatesIgnored();
        }

        /** These totals with the experiment under way, if any, added. */
        Totals plus(SimulatedTrainers running) {
            Totals sum = new Totals();
            sum.epochEvents = epochEvents;
            sum.commandsAccepted = commandsAccepted;
            sum.kicks = kicks;
            sum.refusalsExpected = refusalsExpected;
            sum.refusalsUnexpected = refusalsUnexpected;
            sum.duplicates = duplicates;
            if (running != null) {
                sum.add(running);
            }
            return sum;
        }
    }

    /** The command line, each option checked with a message naming the bad value. */
    record Options(long minutes, Path out, int runs, int epochs, Duration listen, Duration sample,
            Duration statistics, Path summarize) {

        static Options parse(String[] args) {
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("options come as --name value pairs: " + String.join(" ", args));
                }
                values.put(args[i].substring(2), args[++i]);
            }
            List<String> known = List.of("minutes", "out", "runs", "epochs", "listen-ms", "sample-seconds",
                    "statistics-ms", "summarize");
            List<String> problems = new ArrayList<>();
            values.keySet().stream().filter(name -> !known.contains(name))
                    .forEach(name -> problems.add("unknown option --" + name + " (known: " + known + ")"));
            Path summarize = values.containsKey("summarize") ? Path.of(values.get("summarize")) : null;
            if (summarize == null && !values.containsKey("out")) {
                problems.add("--out DIR is required (or --summarize DIR)");
            }
            Options options = new Options(positive(values, "minutes", 150, problems),
                    Path.of(values.getOrDefault("out", ".")), (int) positive(values, "runs", 40, problems),
                    (int) positive(values, "epochs", 60, problems),
                    Duration.ofMillis(positive(values, "listen-ms", 150, problems)),
                    Duration.ofSeconds(positive(values, "sample-seconds", 30, problems)),
                    Duration.ofMillis(positive(values, "statistics-ms", 250, problems)), summarize);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("invalid soak options: " + String.join("; ", problems));
            }
            return options;
        }

        private static long positive(Map<String, String> values, String name, long fallback, List<String> problems) {
            String text = values.get(name);
            if (text == null) {
                return fallback;
            }
            try {
                long value = Long.parseLong(text);
                if (value >= 1) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // Reported below with the value.
            }
            problems.add("--" + name + " must be a whole number of at least 1: " + text);
            return fallback;
        }
    }
}
