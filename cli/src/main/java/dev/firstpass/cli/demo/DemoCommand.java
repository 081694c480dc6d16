package dev.firstpass.cli.demo;

import dev.firstpass.cli.ExitCodes;
import dev.firstpass.controller.audit.Decision;
import dev.firstpass.controller.audit.DecisionType;
import dev.firstpass.controller.policy.ExperimentStatus;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.signing.CommandKey;
import dev.firstpass.core.protocol.signing.CommandKeyRing;
import dev.firstpass.trainer.model.DeviceChoice;
import dev.firstpass.trainer.model.EngineSettings;
import dev.firstpass.trainer.model.ModelSpec;
import dev.firstpass.trainer.optimize.LearningRateSchedule;
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
 * controllable trainers), ending in an HTML report.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the whole loop in this JVM: an embedded Kafka broker, the monitor, the controller",
            "and a fleet of small controllable MLP trainers; then writes an HTML report with plots."})
public final class DemoCommand implements Callable<Integer> {

    static final String EXPERIMENT = "demo";
    static final String COMMAND_KEY_ID = "demo";
    private static final int PARALLEL = 2;
    private static final long PROGRESS_SECONDS = 4;

    @Option(names = "--quick", description = "A smaller demo of about two minutes.")
    boolean quick;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "target/firstpass-demo",
            description = "Where index.html and its plots go (default ${DEFAULT-VALUE}).")
    Path reportDir;

    @Option(names = "--dataset", paramLabel = "auto|fashion-mnist|generated", defaultValue = "auto",
            description = "Fashion-MNIST when installed, else generated data (default ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--runs", paramLabel = "N", description = "Training runs (default 20; 14 with --quick).")
    Integer runs;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs per run (default 40; 22 with --quick).")
    Integer epochs;

    @Option(names = "--target", paramLabel = "X",
            description = "Test accuracy to reach, above the baseline's plateau (default: chosen per dataset).")
    Double target;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException, IOException {
        // Kafka, Streams and DJL log at INFO on every start; keep stderr for the progress lines.
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        PrintWriter err = spec.commandLine().getErr();
        int runCount = runs != null ? runs : quick ? 14 : 20;
        int epochCount = epochs != null ? epochs : quick ? 22 : 40;
        long started = System.nanoTime();
        // One libtorch thread per run: two runs share this machine's cores.
        EngineSettings.prepare(1);
        DemoData data = DemoData.load(dataset, quick, err);
        double goal = target != null ? target : data.defaultTarget();
        err.printf(Locale.ROOT, "firstpass demo: %d runs x %d epochs on %s, target test_accuracy %.3f%n", runCount,
                epochCount, data.name(), goal);
        err.flush();
        Path state = Files.createTempDirectory("firstpass-demo");
        RunLog log = new RunLog(quick ? 250 : 400);
        // A fresh key per demo, in memory only: the controller signs with it and the trainers accept only it,
        // so the demo runs the secure path end to end.
        CommandKey commandKey = CommandKey.generate(COMMAND_KEY_ID, new SecureRandom());
        try (DemoStack stack = DemoStack.start(EXPERIMENT, goal, quick ? 4 : 6, state, commandKey)) {
            DemoProgress progress = new DemoProgress(err, EXPERIMENT, runCount, log, stack);
            train(jobs(data, runCount, epochCount, stack.bootstrapServers(), log, CommandKeyRing.of(commandKey)),
                    progress);
            // The monitor publishes every second; give it a moment to count the last runs' ends.
            Thread.sleep(3000);
            List<FptStats> stats = stats(stack);
            ExperimentStatus status = stack.controller().status().stream()
                    .filter(s -> s.experiment().equals(EXPERIMENT)).findFirst().orElse(null);
            long commands = stack.controller().commandsSent();
            stack.stopApps();
            List<Decision> decisions = DecisionReader.readAll(stack.bootstrapServers(), EXPERIMENT);
            List<DemoRun> demoRuns = demoRuns(log, decisions);
            double seconds = (System.nanoTime() - started) / 1e9;
            DemoReport.Contents contents = new DemoReport.Contents(data.name(), goal, epochCount, demoRuns,
                    arms(demoRuns), stats, status, commands, decisions, seconds);
            Path index = DemoReport.write(reportDir, contents);
            summarize(spec.commandLine().getOut(), contents, index, log.unauthenticated());
        } finally {
            deleteQuietly(state);
        }
        return ExitCodes.OK;
    }

    /** The monitor's state is of no use once the report is written. */
    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException leftBehind) {
            // A temp folder left behind is harmless; the OS clears it.
        }
    }

    private List<TrainingJob> jobs(DemoData data, int count, int epochCount, String bootstrap, RunLog log,
            CommandKeyRing commandKeys) {
        List<TrainingJob> jobs = new ArrayList<>();
        for (long seed = 0; seed < count; seed++) {
            jobs.add(TrainingJob.builder()
                    .setExperiment(EXPERIMENT)
                    .setData(data.splits())
                    .setModel(ModelSpec.mlp(128))
                    .setOptimizer(OptimizerSpec.sgd(0.05))
                    .optRunId(String.format(Locale.ROOT, "demo-s%02d", seed))
                    .optSeed(seed)
                    .optLearningRateSchedule(LearningRateSchedule.constant())
                    .optEpochs(epochCount)
                    .optBatchSize(64)
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

    /** Trains at most {@link #PARALLEL} runs at a time, printing progress until all have ended. */
    private static void train(List<TrainingJob> jobs, DemoProgress progress) throws InterruptedException {
        ExecutorService fleet = Executors.newFixedThreadPool(PARALLEL, daemon("firstpass-demo-run"));
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("firstpass-demo-progress"));
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
                arms.put(d.runId(), d.arm() != null ? d.arm() : d.role() != null ? d.role().wireName() : "baseline");
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
        out.printf(Locale.ROOT, "Runs per arm: %s%n", DemoReport.runsPerArm(c.runs()));
        out.printf(Locale.ROOT, "Commands sent: %d, signed with key '%s' made for this demo; refused as"
                + " unauthenticated: %d%n", c.commandsSent(), COMMAND_KEY_ID, unauthenticated);
        ExperimentStatus s = c.status();
        out.printf(Locale.ROOT, "Final phase: %s%s%n", s == null ? "observe (no status)" : s.phase().wireName(),
                s == null || s.tauStar() == null ? ", no tau* adopted"
                        : ", tau* " + s.tauStar() + " [" + s.tauStarLow() + ", " + s.tauStarHigh() + "]");
        out.printf(Locale.ROOT, "Wall time: %.0f s%nReport: %s%n", c.wallSeconds(), index.toAbsolutePath());
        out.flush();
    }
}
