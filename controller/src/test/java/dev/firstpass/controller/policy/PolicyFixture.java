package dev.firstpass.controller.policy;

import dev.firstpass.controller.ControllerConfig;
import dev.firstpass.controller.facts.ExperimentFacts;
import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.Decision;
import dev.firstpass.core.protocol.DecisionType;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.RunFinished;
import dev.firstpass.core.protocol.RunStarted;
import dev.firstpass.core.protocol.Schedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * One experiment's policy driven by hand: runs announce themselves and report epochs, the monitor's
 * statistics are written by hand, and every decision taken is applied, as the controller does after
 * publishing.
 */
final class PolicyFixture {

    static final String EXPERIMENT = "e1";
    static final double TARGET = 0.8;
    static final Instant START = Instant.parse("2025-02-06T12:00:00Z");

    final ExperimentFacts facts = new ExperimentFacts(EXPERIMENT);
    final ExperimentPolicy policy;
    final List<Decision> trail = new ArrayList<>();
    private int statsUpdates;
    private int seconds;

    PolicyFixture(Map<String, String> overrides) {
        this.policy = ExperimentPolicy.firstPassage(EXPERIMENT, settings(overrides));
    }

    PolicyFixture() {
        this(Map.of());
    }

    /**
     * Settings for the tests, unless overridden: a 10-epoch minimum probe period in steps of 1, probes of one
     * run, and a baseline that may shrink to one run.
     */
    static PolicySettings settings(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        values.put(ControllerConfig.BOOTSTRAP_SERVERS.key(), "127.0.0.1:9092");
        values.put(ControllerConfig.TARGET.key(), Double.toString(TARGET));
        values.put(ControllerConfig.PROBE_PERIOD_STEP.key(), "1");
        values.put(ControllerConfig.MIN_RUNS.key(), "1");
        values.put(ControllerConfig.BASELINE_RUNS.key(), "1");
        values.putAll(overrides);
        return new ControllerConfig(values).policy();
    }

    Instant now() {
        return START.plusSeconds(seconds);
    }

    /** Decides once, applies what was decided, and returns it. */
    List<Decision> decide() {
        seconds++;
        List<Decision> decisions = policy.decide(facts, now());
        decisions.forEach(policy::apply);
        trail.addAll(decisions);
        return decisions;
    }

    void started(String run, boolean controllable) {
        facts.record(new RunStarted(EXPERIMENT, run, null, now(), 1L, 100, controllable, Map.of()));
    }

    void startedInArm(String run, String arm) {
        facts.record(new RunStarted(EXPERIMENT, run, arm, now(), 1L, 100, true, Map.of()));
    }

    void finished(String run, int lastEpoch) {
        facts.record(new RunFinished(EXPERIMENT, run, now(), RunFinished.Reason.COMPLETED, lastEpoch));
    }

    void epoch(String run, int epoch) {
        facts.record(new EpochEvent(EXPERIMENT, run, null, epoch, 0, now(), Map.of("test_acc", 0.5), 0, Map.of()));
    }

    /** {@code count} controllable runs "r01", "r02", ... that reported {@code epoch} epochs. */
    List<String> runs(int count, int epoch) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String run = String.format("r%02d", i);
            started(run, true);
            epoch(run, epoch);
            ids.add(run);
        }
        return ids;
    }

    void applied(String commandId, String run, int epoch) {
        facts.record(new Ack(commandId, EXPERIMENT, run, Ack.Status.APPLIED, epoch, null, now()));
    }

    void refused(String commandId, String run, String reason) {
        facts.record(new Ack(commandId, EXPERIMENT, run, Ack.Status.REFUSED, null, reason, now()));
    }

    /** A baseline record with {@code runs} runs, QSS from {@code tQss} (null: none) and MFPT 40. */
    void baseline(int runs, Integer tQss) {
        facts.record(new FptStats(EXPERIMENT, Arms.BASELINE, "test_acc", TARGET, FptStats.MAX, runs, 2, List.of(1.0),
                tQss, tQss == null ? null : 0.025, 40.0, true, false, 1.2, null, null, List.of(), null, null, null,
                false, "unperturbed baseline: steady", nextStatsTime()));
    }

    /** A probe-arm record with tau* in [low, high], predicting 12.0 [10.0, 14.5] there, below the baseline's 40. */
    void probe(int tau0, boolean recommend, int tauStar, int low, int high) {
        probe(tau0, recommend, tauStar, low, high, new double[] {12.0, 10.0, 14.5}, List.of());
    }

    /**
     * A probe-arm record that does not recommend, predicting 45.0 [30.0, 60.0] at tau*: no better than 40; and
     * 50.0 [42.0, 65.0] at tau0, wholly slower.
     */
    void probeNoBetter(int tau0, int tauStar, int low, int high) {
        probe(tau0, false, tauStar, low, high, new double[] {45.0, 30.0, 60.0},
                List.of(new FptStats.Prediction(tau0, 50.0, 42.0, 65.0, true)));
    }

    /**
     * @param predicted the MFPT predicted at tau*, and its interval
     * @param others    predictions at other periods
     */
    private void probe(int tau0, boolean recommend, int tauStar, int low, int high, double[] predicted,
            List<FptStats.Prediction> others) {
        List<FptStats.Prediction> predictions = new ArrayList<>(others);
        predictions.add(new FptStats.Prediction(tauStar, predicted[0], predicted[1], predicted[2], true));
        String reason = (recommend ? "perturb" : "keep training unperturbed") + ": shrink_perturb every " + tauStar
                + String.format(Locale.ROOT, " epochs: predicted MFPT %.1f [%.1f, %.1f]", predicted[0], predicted[1],
                        predicted[2]) + " vs the baseline's 40.0 [31.5, 52.0], "
                + (recommend ? "wholly below" : "the intervals overlap");
        facts.record(new FptStats(EXPERIMENT, Arms.probe(tau0), "test_acc", TARGET, FptStats.MAX, 6, 1, List.of(1.0),
                9, 0.025, 15.0, false, true, 1.2, 5, 9, predictions, tauStar, low, high, recommend, reason,
                nextStatsTime()));
    }

    /** A probe-arm record without predictions, for the reason given. */
    void probeWithoutPrediction(int tau0, String reason) {
        facts.record(new FptStats(EXPERIMENT, Arms.probe(tau0), "test_acc", TARGET, FptStats.MAX, 6, 1, List.of(1.0),
                null, null, 15.0, false, true, null, null, null, List.of(), null, null, null, false, reason,
                nextStatsTime()));
    }

    private Instant nextStatsTime() {
        statsUpdates++;
        return START.plusMillis(statsUpdates);
    }

    /**
     * Ten runs at epoch 20, probed at tau0 = 10 (r01, r03-r05, r08-r10), then exploiting tau* = 8 in
     * [7, 9]: r02 and r07 exploit (commands e1/r02/1-exploit-8, e1/r07/1-exploit-8), r06 is held out.
     */
    PolicyFixture exploiting() {
        runs(10, 20);
        baseline(10, 9);
        decide();
        probe(10, true, 8, 7, 9);
        decide();
        return this;
    }

    static List<Decision> ofType(List<Decision> decisions, DecisionType type) {
        return decisions.stream().filter(d -> d.type() == type).toList();
    }

    static List<Command> commands(List<Decision> decisions) {
        return ofType(decisions, DecisionType.COMMAND_ISSUED).stream().map(Decision::command).toList();
    }

    /** S(t), t = 0..the last passage, of runs that all passed, after the epochs given. */
    static List<Double> survivalOf(int... passages) {
        int last = IntStream.of(passages).max().orElseThrow();
        return IntStream.rangeClosed(0, last)
                .mapToObj(t -> (double) IntStream.of(passages).filter(p -> p > t).count() / passages.length).toList();
    }

    /** A command in a few words: "r01 probe-10 every 10 from 21". */
    static String describe(Command command) {
        String schedule = command.schedule() instanceof Schedule.Periodic p
                ? "every " + p.every() + " from " + p.fromEpoch()
                : command.schedule() instanceof Schedule.Stop ? "stop" : "next epoch";
        return command.runId() + " " + command.arm() + " " + schedule;
    }
}
