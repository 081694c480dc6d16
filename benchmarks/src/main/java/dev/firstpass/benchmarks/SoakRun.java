package dev.firstpass.benchmarks;

import dev.firstpass.controller.loop.SimulatedTrainers;
import dev.firstpass.controller.policy.ExperimentStatus;
import dev.firstpass.core.protocol.Phase;
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
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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

    private static final Duration DRAIN = Duration.ofSeconds(30);
    /** Commands of an experiment are compared with its decisions this long after its runs finished. */
    private static final Duration SETTLE_AFTER = Duration.ofSeconds(60);
    /** At the end the controller has had the runs' last events for a while; a short pause is enough. */
    private static final Duration FINAL_SETTLE = Duration.ofSeconds(10);
    private static final String EXPECTED_REFUSAL = "the run finished after epoch";

    private final Options options;
    private final long startNanos = System.nanoTime();
    private final Totals totals = new Totals();
    private final Deque<Finished> unsettled = new ArrayDeque<>();
    private final Path csv;
    private final Path violationLog;
    private volatile boolean stopRequested;
    private long nextSampleNanos;
    private ClosedLoop loop;
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
        loop = ClosedLoop.start("soak", options.out(), options.statistics());
        audit = new CommandAudit(loop.kafka().bootstrapServers());
    }

    private void stopLoop() {
        for (AutoCloseable part : new AutoCloseable[] {audit, loop}) {
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
        try (SimulatedTrainers trainers = loop.trainers(experiment,
                ClosedLoop.population(experiment, options.runs(), options.epochs()), 1_000L + index)) {
            current = trainers;
            trainers.run(options.listen(), loop::monitorCaughtUp, step -> {
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
            if (loop.controller().failure().isPresent()) {
                violation("the controller stopped: " + loop.controller().failure().get());
                stopRequested = true;
            }
            Phase phase = loop.controller().status().stream().filter(s -> s.experiment().equals(experiment))
                    .map(ExperimentStatus::phase).findFirst().orElse(Phase.OBSERVE);
            if (phase == Phase.EXPLOIT) {
                totals.exploiting++;
            }
            unsettled.add(new Finished(experiment, System.nanoTime()));
        }
        sampleIfDue();
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
            return loop.monitor().queries().experiment(experiment).map(ExperimentView::epochs).orElse(0);
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
        KafkaStreams.State state = loop.monitor().state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            violation("the monitor is " + state);
        }
        System.gc();
        long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long experiments = -1;
        long runs = -1;
        long held = -1;
        try {
            List<ExperimentSummary> known = loop.monitor().queries().experiments();
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
                size(loop.kafka().dataDir(), ".log"), size(loop.kafka().dataDir(), ""), experiments, runs,
                totals.exploiting,
                loop.controller().retiredExperiments(), loop.monitorLag(), totals.violations);
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
            OptionValues values = OptionValues.parse(args, List.of("minutes", "out", "runs", "epochs", "listen-ms",
                    "sample-seconds", "statistics-ms", "summarize"));
            Path summarize = values.has("summarize") ? Path.of(values.text("summarize")) : null;
            if (summarize == null && !values.has("out")) {
                values.problem("--out DIR is required (or --summarize DIR)");
            }
            Options options = new Options(values.positive("minutes", 150),
                    Path.of(values.has("out") ? values.text("out") : "."), (int) values.positive("runs", 40),
                    (int) values.positive("epochs", 60), Duration.ofMillis(values.positive("listen-ms", 150)),
                    Duration.ofSeconds(values.positive("sample-seconds", 30)),
                    Duration.ofMillis(values.positive("statistics-ms", 250)), summarize);
            values.requireValid("soak");
            return options;
        }
    }
}
