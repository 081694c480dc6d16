package dev.firstpass.benchmarks;

import dev.firstpass.controller.loop.SimulatedTrainers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The loop's latency under load: for each command the controller publishes, the time from the epoch event
 * that completed the evidence behind it to the trainer applying it, with many runs training at once.
 *
 * <p>The whole loop runs in one JVM ({@link ClosedLoop}): the in-process broker on 127.0.0.1, the real
 * monitor and controller, and one experiment after another of simulated trainers stepping all their runs
 * one epoch at a time, a step as soon as the shortest step has passed and (unless the pace is fixed) the
 * monitor has committed the last one. A command's latency runs from the latest epoch event of its experiment sent at or before the
 * controller sent the command (both read back from the broker, see {@link LoopTimeline}) to the wall-clock
 * moment the run took the command on; the two parts, epoch event to command sent and command sent to
 * applied, are reported as well.
 *
 * <p>Run on purpose (scripts/bench-latency.sh), never as a test. Options: {@code --out} (required; the
 * broker's data, the monitor's state and {@code latencies.csv}), {@code --runs} per experiment (120),
 * {@code --epochs} per run (60), {@code --listen-ms} the shortest step (5), {@code --pace} {@code monitor} (a step also waits
 * until the monitor has committed the last) or {@code fixed} (it does not), {@code --commands} to measure
 * at least (400), {@code --statistics-ms} the monitor's analysis interval (250).
 */
public final class LoopLatencyRun {

    static {
        // Kafka and Kafka Streams log thousands of INFO lines; set before the first logger is created.
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }

    /** Commands of the last experiment may still be on their way when its runs finish. */
    private static final Duration SETTLE = Duration.ofSeconds(3);
    /** Enough for a few hundred commands several times over; a loop that issues none stops here. */
    private static final int MAX_EXPERIMENTS = 40;
    /** Asking the broker for the monitor's lag takes a few milliseconds; every step would slow the pace. */
    private static final int LAG_SAMPLE_STEPS = 10;

    private final Options options;
    /**
     * When a run took each command on (wall clock, ms), by run id and command id; the trainers call back on
     * the thread that runs them, this one.
     */
    private final Map<String, Long> appliedMillis = new HashMap<>();
    private long maxMonitorLag;
    private long epochEvents;
    private long trainingNanos;

    private LoopLatencyRun(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        new LoopLatencyRun(Options.parse(args)).run();
    }

    private void run() throws IOException, InterruptedException {
        Files.createDirectories(options.out());
        System.out.printf("latency: experiments of %d runs x %d epochs, step at least %d ms%s, until %d commands"
                + " are applied%n", options.runs(), options.epochs(), options.listen().toMillis(),
                options.waitForMonitor() ? " and until the monitor has caught up" : "", options.commands());
        try (ClosedLoop loop = ClosedLoop.start("latency", options.out(), options.statistics());
                LoopTimeline timeline = new LoopTimeline(loop.kafka().bootstrapServers())) {
            int experiments = 0;
            while (appliedMillis.size() < options.commands() && experiments < MAX_EXPERIMENTS) {
                experiments++;
                runExperiment(loop, String.format(Locale.ROOT, "latency-%03d", experiments), experiments);
            }
            Thread.sleep(SETTLE.toMillis());
            timeline.catchUp();
            report(timeline, experiments);
        }
    }

    private void runExperiment(ClosedLoop loop, String experiment, int index) {
        try (SimulatedTrainers trainers = loop.trainers(experiment,
                ClosedLoop.population(experiment, options.runs(), options.epochs()), 2_000L + index)) {
            trainers.onAccepted((runId, command) ->
                    appliedMillis.put(key(runId, command.commandId()), System.currentTimeMillis()));
            long start = System.nanoTime();
            // Paced by the monitor, a step waits until it has taken in the last; at a fixed pace the events
            // queue up in front of a monitor that falls behind, and its sampled lag shows how far.
            BooleanSupplier nextStep = options.waitForMonitor() ? loop::monitorCaughtUp : () -> true;
            trainers.run(options.listen(), nextStep, step -> {
                if (step % LAG_SAMPLE_STEPS == 0) {
                    maxMonitorLag = Math.max(maxMonitorLag, loop.monitorLag());
                }
                return false;
            });
            trainingNanos += System.nanoTime() - start;
            epochEvents += trainers.epochEventsSent();
            System.out.printf("latency: %s: %d epoch events, %d commands applied so far%n", experiment,
                    trainers.epochEventsSent(), appliedMillis.size());
        }
    }

    private void report(LoopTimeline timeline, int experiments) throws IOException {
        List<Long> total = new ArrayList<>();
        List<Long> toSent = new ArrayList<>();
        List<Long> toApplied = new ArrayList<>();
        int notApplied = 0;
        int beforeAnyEpoch = 0;
        StringBuilder csv = new StringBuilder(
                "experiment,run_id,command_id,epoch_event_ms,command_sent_ms,applied_ms\n");
        for (LoopTimeline.PublishedCommand command : timeline.commands()) {
            Long applied = appliedMillis.get(key(command.runId(), command.commandId()));
            long epoch = timeline.latestEpochEventAtOrBefore(command.experiment(), command.sentMillis());
            if (applied == null) {
                notApplied++;
            } else if (epoch < 0) {
                beforeAnyEpoch++;
            } else {
                total.add(applied - epoch);
                toSent.add(command.sentMillis() - epoch);
                toApplied.add(applied - command.sentMillis());
                csv.append(String.join(",", command.experiment(), command.runId(), command.commandId(),
                        Long.toString(epoch), Long.toString(command.sentMillis()), Long.toString(applied)))
                        .append('\n');
            }
        }
        Files.writeString(options.out().resolve("latencies.csv"), csv, StandardCharsets.UTF_8);
        double seconds = trainingNanos / 1e9;
        System.out.printf(Locale.ROOT, "latency: %d experiments of %d runs, %d epoch events in %.1f s of training"
                        + " (%.0f per second, a step every %.1f ms on average)%n", experiments, options.runs(),
                epochEvents, seconds, epochEvents / seconds,
                1000 * seconds / (experiments * (double) stepsPerExperiment()));
        System.out.printf("latency: the monitor's lag, sampled every %d steps, was at most %d epoch events%n",
                LAG_SAMPLE_STEPS, maxMonitorLag);
        System.out.printf("latency: %d commands published, %d applied and timed, %d not applied (refused or"
                + " after the runs ended), %d applied but sent before the experiment's first epoch event%n",
                timeline.commands().size(), total.size(), notApplied, beforeAnyEpoch);
        System.out.println(LatencySummary.tableHeader());
        System.out.println(LatencySummary.of(total).tableRow("epoch event - command applied"));
        System.out.println(LatencySummary.of(toSent).tableRow("epoch event - command sent"));
        System.out.println(LatencySummary.of(toApplied).tableRow("command sent - command applied"));
    }

    /** Steps of one experiment: until the last run to join has trained all its epochs. */
    private int stepsPerExperiment() {
        List<SimulatedTrainers.RunSpec> specs = ClosedLoop.population("steps", options.runs(), options.epochs());
        return specs.stream().mapToInt(spec -> spec.startStep() + spec.maxEpochs() - 1).max().orElseThrow();
    }

    private static String key(String runId, String commandId) {
        return runId + "/" + commandId;
    }

    /** The command line, each option checked with a message naming the bad value. */
    record Options(Path out, int runs, int epochs, Duration listen, boolean waitForMonitor, int commands,
            Duration statistics) {

        static Options parse(String[] args) {
            OptionValues values = OptionValues.parse(args, List.of("out", "runs", "epochs", "listen-ms", "pace",
                    "commands", "statistics-ms"));
            if (!values.has("out")) {
                values.problem("--out DIR is required");
            } else if (Files.exists(Path.of(values.text("out"), "broker"))) {
                // Its topics would mix the last run's records, with the same experiment names, into this one.
                values.problem("--out must not hold a previous run's broker data: " + values.text("out"));
            }
            String pace = values.has("pace") ? values.text("pace") : "monitor";
            if (!List.of("monitor", "fixed").contains(pace)) {
                values.problem("--pace must be monitor or fixed: " + pace);
            }
            Options options = new Options(Path.of(values.has("out") ? values.text("out") : "."),
                    (int) values.positive("runs", 120), (int) values.positive("epochs", 60),
                    Duration.ofMillis(values.positive("listen-ms", 5)), pace.equals("monitor"),
                    (int) values.positive("commands", 400),
                    Duration.ofMillis(values.positive("statistics-ms", 250)));
            values.requireValid("loop latency");
            return options;
        }
    }
}
