package dev.firstpass.cli.demo;

import dev.firstpass.cli.BadInputException;
import dev.firstpass.cli.CommandFailures;
import dev.firstpass.cli.ExitCodes;
import dev.firstpass.cli.LogDestination;
import dev.firstpass.controller.policy.ExperimentStatus;
import dev.firstpass.core.protocol.Decision;
import dev.firstpass.core.protocol.DecisionType;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.signing.CommandKey;
import dev.firstpass.core.protocol.signing.CommandKeyRing;
import dev.firstpass.core.settings.Problem;
import dev.firstpass.trainer.model.DeviceChoice;
import dev.firstpass.trainer.model.EngineSettings;
import dev.firstpass.trainer.model.ModelSpec;
import dev.firstpass.trainer.optimize.LearningRateSchedule;
import dev.firstpass.trainer.optimize.LearningRateSearch;
import dev.firstpass.trainer.optimize.OptimizerSpec;
import dev.firstpass.trainer.publish.KafkaSettings;
import dev.firstpass.trainer.run.TrainingJob;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code firstpass demo}: the whole loop in one JVM (broker, monitor, controller and a fleet of
 * controllable trainers) on a workload where restarts help, ending in a verdict and an HTML report.
 *
 * <p>The workload is a random search over the learning rate: every run of a small Fashion-MNIST MLP
 * draws its rate log-uniformly from a range that reaches too high, so some runs learn within a few
 * epochs and the others never get going. Their times to the target are heavy-tailed, which is when
 * restarting (a full reset: fresh weights and a fresh draw) helps, and a full reset's effect at every
 * period is predicted from the unperturbed runs alone.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
        description = {"Runs the whole loop in this JVM: an embedded Kafka broker, the monitor, the controller",
            "and a fleet of controllable MLP trainers doing a random search over the learning rate; the",
            "controller observes, probes, then restarts runs at the period the monitor predicts is best.",
            "Ends with a verdict in words and an HTML report with plots.", ""},
        footer = {"", "Libraries' log lines go to firstpass-demo.log in the report folder (the console with"
                + " --verbose)."})
public final class DemoCommand implements Callable<Integer> {

    static final String EXPERIMENT = "demo";
    static final String COMMAND_KEY_ID = "demo";
    static final String LOG_FILE = "firstpass-demo.log";
    static final String METRIC = "test_accuracy";
    private static final long PROGRESS_SECONDS = 5;
    private static final String DEFAULT_SEARCH = "0.03:3";

    @Option(names = "--quick", description = "Fewer, shorter runs: a decision in about a minute.")
    boolean quick;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "target/firstpass-demo",
            description = "Where index.html, its plots and the log go (default ${DEFAULT-VALUE}).")
    Path reportDir;

    @Option(names = "--dataset", paramLabel = "auto|fashion-mnist|generated", defaultValue = "auto",
            description = "Fashion-MNIST when installed, else generated data (default ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--runs", paramLabel = "N", description = "Training runs (default 48; 36 with --quick).")
    Integer runs;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs per run (default 30; 24 with --quick).")
    Integer epochs;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "6",
            description = "Runs trained at once (default ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--target", paramLabel = "X",
            description = "Test accuracy to reach (default 0.7 on Fashion-MNIST, 0.65 on generated data).")
    Double target;

    @Option(names = "--lr-search", paramLabel = "LOW:HIGH",
            description = "Learning rates drawn log-uniformly at every fresh start (default " + DEFAULT_SEARCH + ").")
    String lrSearch;

    @Option(names = "--lr", paramLabel = "X",
            description = "One learning rate for every run instead of a search: a workload where restarts do not"
                    + " help.")
    Double fixedRate;

    @Option(names = CommandFailures.VERBOSE_OPTION,
            description = "Libraries' log lines on the console too, and stack traces of failures.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException, IOException {
        DemoPlan plan = plan();
        // Before anything else runs: the libraries log as soon as they load, and slf4j reads its settings once.
        LogDestination.fileUnlessVerbose(reportDir.resolve(LOG_FILE), verbose);
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        // One libtorch thread per run: several runs share this machine's cores.
        EngineSettings.prepare(1);
        DemoData data = DemoData.load(dataset, err);
        double goal = target != null ? target : data.defaultTarget();
        Verdict.Workload workload = new Verdict.Workload(goal, METRIC, plan.epochs(), plan.search() == null
                ? "full reset: fresh weights" : "full reset: fresh weights and a fresh learning-rate draw");
        introduce(err, plan, data, goal);
        Path state = Files.createTempDirectory("firstpass-demo");
        RunLog log = new RunLog(plan.epochMillis());
        // A fresh key per demo, in memory only: the controller signs with it and the trainers accept only it,
        // so the demo runs the secure path end to end.
        CommandKey commandKey = CommandKey.generate(COMMAND_KEY_ID, new SecureRandom());
        try (DemoStack stack = DemoStack.start(EXPERIMENT, goal, plan.minRuns(), state, commandKey)) {
            DemoProgress progress = new DemoProgress(err, EXPERIMENT, plan.runs(), log, stack, started);
            progress.say("broker, monitor and controller are up; training starts");
            train(jobs(plan, data, stack.bootstrapServers(), log, CommandKeyRing.of(commandKey)), plan.parallel(),
                    progress);
            progress.say("every run has ended; collecting the statistics and the decisions");
            // The monitor publishes every second; give it a moment to count the last runs' ends.
            Thread.sleep(3000);
            List<FptStats> stats = stats(stack);
            ExperimentStatus status = stack.controller().status().stream()
                    .filter(s -> s.experiment().equals(EXPERIMENT)).findFirst().orElse(null);
            long commands = stack.controller().commandsSent();
            stack.stopApps();
            List<Decision> decisions = DecisionReader.readAll(stack.bootstrapServers(), EXPERIMENT);
            long acked = AckCounter.applied(stack.bootstrapServers(), EXPERIMENT);
            List<DemoRun> demoRuns = demoRuns(log, decisions);
            Verdict verdict = Verdict.of(workload, decisions, status, demoRuns, stats);
            double seconds = (System.nanoTime() - started) / 1e9;
            DemoReport.Contents contents = new DemoReport.Contents(data.name(), goal, plan.epochs(), demoRuns,
                    arms(demoRuns), stats, status, commands, acked, decisions, verdict, seconds);
            Path index = DemoReport.write(reportDir, contents);
            summarize(spec.commandLine().getOut(), contents, index, log.unauthenticated());
        } finally {
            deleteQuietly(state);
        }
        return ExitCodes.OK;
    }

    /** The sizes and settings of this demo, from the options. */
    private DemoPlan plan() {
        List<String> problems = new ArrayList<>();
        int runCount = runs != null ? runs : quick ? 36 : 48;
        int epochCount = epochs != null ? epochs : quick ? 24 : 30;
        if (runCount < 12) {
            problems.add("--runs must be at least 12, enough for a baseline and a probe: " + runCount);
        }
        if (epochCount < 10) {
            problems.add("--epochs must be at least 10, room for a steady state and two kicks: " + epochCount);
        }
        if (parallel < 1) {
            problems.add("--parallel must be at least 1: " + parallel);
        }
        if (target != null && !(target > 0 && target < 1)) {
            problems.add("--target must be a test accuracy strictly between 0 and 1: " + target);
        }
        if (fixedRate != null && lrSearch != null) {
            problems.add("--lr and --lr-search both set the learning rate; give one");
        }
        if (fixedRate != null && !(fixedRate > 0 && Double.isFinite(fixedRate))) {
            problems.add("--lr must be greater than 0: " + fixedRate);
        }
        LearningRateSearch search = null;
        if (fixedRate == null) {
            String text = lrSearch != null ? lrSearch : DEFAULT_SEARCH;
            try {
                search = LearningRateSearch.parse(text);
            } catch (IllegalArgumentException e) {
                problems.add(Problem.of("lr.search", text, e.getMessage()).message("--lr-search"));
            }
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        return new DemoPlan(runCount, epochCount, parallel, search, fixedRate != null ? fixedRate : 0.1,
                12, 300);
    }

    private void introduce(PrintWriter err, DemoPlan plan, DemoData data, double goal) {
        String rates = plan.search() == null ? String.format(Locale.ROOT, "learning rate %s", plan.rate())
                : String.format(Locale.ROOT, "learning rates drawn log-uniformly from %s to %s", plan.search().low(),
                        plan.search().high());
        err.printf(Locale.ROOT, "firstpass demo: %d runs of %d epochs, an MLP on %s with %s; %d at a time.%n",
                plan.runs(), plan.epochs(), data.name(), rates, plan.parallel());
        err.printf(Locale.ROOT, "  Goal: %s %s. The controller watches unperturbed runs (observe), restarts some new"
                + " runs%n  on a fixed period (probe), then restarts new runs at the period the monitor predicts is"
                + " best (exploit).%n", METRIC, goal);
        err.printf("  Libraries' log lines: %s%n", verbose ? "on this console (--verbose)"
                : reportDir.resolve(LOG_FILE));
        err.flush();
    }

    /** The monitor's state is of no use once the report is written. */
    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException leftBehind) {
            // A temp folder left behind is harmless; the OS clears it.
        }
    }

    private List<TrainingJob> jobs(DemoPlan plan, DemoData data, String bootstrap, RunLog log,
            CommandKeyRing commandKeys) {
        List<TrainingJob> jobs = new ArrayList<>();
        for (long seed = 0; seed < plan.runs(); seed++) {
            jobs.add(TrainingJob.builder()
                    .setExperiment(EXPERIMENT)
                    .setData(data.splits())
                    .setModel(ModelSpec.mlp(128))
                    .setOptimizer(OptimizerSpec.sgd(plan.rate()))
                    .optLearningRateSearch(plan.search())
                    .optRunId(String.format(Locale.ROOT, "demo-s%02d", seed))
                    .optSeed(seed)
                    .optLearningRateSchedule(LearningRateSchedule.constant())
                    .optEpochs(plan.epochs())
                    .optBatchSize(50)
                    .optDevice(DeviceChoice.parse("cpu"))
                    .optKafka(KafkaSettings.at(bootstrap))
                    .optControllable(true)
                    .optCommandKeys(commandKeys)
                    .optRecordDir(reportDir.resolve("runs"))
                    .addListener(log)
                    .build());
        }
        return jobs;
    }

    /** Trains at most {@code parallel} runs at a time, printing progress until all have ended. */
    private static void train(List<TrainingJob> jobs, int parallel, DemoProgress progress) throws InterruptedException {
        ExecutorService fleet = Executors.newFixedThreadPool(parallel, daemon("firstpass-demo-run"));
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("firstpass-demo-progress"));
        ticker.scheduleAtFixedRate(progress::watchPhase, 1, 1, TimeUnit.SECONDS);
        ticker.scheduleAtFixedRate(progress::print, PROGRESS_SECONDS, PROGRESS_SECONDS, TimeUnit.SECONDS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            jobs.forEach(job -> futures.add(fleet.submit(job::run)));
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a training run crashed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            ticker.shutdownNow();
            fleet.shutdownNow();
            jobs.forEach(TrainingJob::close);
        }
        progress.watchPhase();
        progress.print();
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static List<FptStats> stats(DemoStack stack) {
        try {
            return stack.monitor().queries().experiment(EXPERIMENT).map(v -> v.stats()).orElse(List.of());
        } catch (RuntimeException storesNotReady) {
            return List.of();
        }
    }

    /** Each run with the arm the controller last assigned it; runs never assigned stay in the baseline. */
    private static List<DemoRun> demoRuns(RunLog log, List<Decision> decisions) {
        Map<String, String> arms = new HashMap<>();
        for (Decision d : decisions) {
            if (d.type() == DecisionType.ARM_ASSIGNED && d.runId() != null) {
                arms.put(d.runId(), d.arm() != null ? d.arm() : "baseline");
            }
        }
        return log.histories().stream().map(h -> new DemoRun(h.runId(), arms.getOrDefault(h.runId(), "baseline"),
                h.accuracy(), h.kicks())).toList();
    }

    private static List<String> arms(List<DemoRun> runs) {
        List<String> arms = new ArrayList<>(List.of("baseline"));
        runs.stream().map(DemoRun::arm).distinct().sorted().filter(a -> !arms.contains(a)).forEach(arms::add);
        return arms;
    }

    private static void summarize(PrintWriter out, DemoReport.Contents c, Path index, int unauthenticated) {
        out.println();
        c.verdict().lines().forEach(out::println);
        out.println();
        out.printf(Locale.ROOT, "Runs per arm: %s%n", DemoReport.runsPerArm(c.runs()));
        out.printf(Locale.ROOT, "Commands sent: %d, signed with key '%s' made for this demo; refused as"
                + " unauthenticated: %d; kicks applied and acknowledged: %d%n", c.commandsSent(), COMMAND_KEY_ID,
                unauthenticated, c.kicksAcked());
        ExperimentStatus s = c.status();
        out.printf(Locale.ROOT, "Final phase: %s%s%n", s == null ? "observe (no status)" : s.phase().wireName(),
                s == null || s.tauStar() == null ? ", no tau* adopted"
                        : ", tau* " + s.tauStar() + " [" + s.tauStarLow() + ", " + s.tauStarHigh() + "]");
        out.printf(Locale.ROOT, "Wall time: %.0f s%nReport: %s%n", c.wallSeconds(), index.toAbsolutePath());
        out.flush();
    }

    /**
     * @param search the learning-rate search, or null for one rate for all
     * @param rate the one learning rate when there is no search
     * @param minRuns unperturbed runs the monitor and controller wait for before calling a steady state
     * @param epochMillis epochs are padded to this so that the monitor and controller see each one in time
     */
    record DemoPlan(int runs, int epochs, int parallel, LearningRateSearch search, double rate, int minRuns,
            long epochMillis) {
    }
}
