package dev.firstpass.cli.backtest;

import dev.firstpass.controller.facts.ExperimentFacts;
import dev.firstpass.controller.policy.ExperimentPolicy;
import dev.firstpass.controller.policy.ExperimentStatus;
import dev.firstpass.controller.policy.PolicySettings;
import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.Decision;
import dev.firstpass.core.protocol.DecisionType;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.Role;
import dev.firstpass.core.protocol.RunFinished;
import dev.firstpass.core.protocol.RunStarted;
import dev.firstpass.core.protocol.Schedule;
import dev.firstpass.monitor.run.RunSnapshot;
import dev.firstpass.monitor.run.RunStatus;
import dev.firstpass.monitor.stats.ExperimentAnalyzer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * FirstPass itself in a backtest: the live controller's policy and the live monitor's statistics, the
 * very classes {@code firstpass controller} and {@code firstpass monitor} run, fed the messages a live
 * fleet would produce (run started, epoch events, acks of kicks, run finished) on a clock that counts
 * epochs. A run's period is the one its command gives before its first epoch; runs keep it
 * ({@link PolicySettings#protocolFixedAtStart()}), since a recorded run cannot change protocol mid-run.
 */
final class FirstPassStrategy implements Strategy {
    private static final String EXPERIMENT = "backtest";

    private final ExperimentAnalyzer analyzer;
    private final String metric;
    private final int statsEvery;
    private final int maxEpochs;
    private final ExperimentPolicy policy;
    private final ExperimentFacts facts = new ExperimentFacts(EXPERIMENT);
    private final Map<String, Tracked> runs = new LinkedHashMap<>();
    private final List<Decision> trail = new ArrayList<>();
    private int clock;
    private boolean changed;

    /**
     * @param statsEvery the monitor's statistics interval, in epochs of the fleet's clock
     * @param maxEpochs the epoch budget the runs announce
     */
    FirstPassStrategy(PolicySettings settings, ExperimentAnalyzer analyzer, String metric, int statsEvery,
            int maxEpochs) {
        if (!settings.protocolFixedAtStart()) {
            throw new IllegalArgumentException("a backtest needs runs that keep the protocol they started with");
        }
        this.analyzer = analyzer;
        this.metric = metric;
        this.statsEvery = statsEvery;
        this.maxEpochs = maxEpochs;
        this.policy = ExperimentPolicy.firstPassage(EXPERIMENT, settings);
    }

    @Override
    public String name() {
        return "FirstPass";
    }

    @Override
    public int assign(String runId, int now) {
        Tracked run = new Tracked(runId);
        runs.put(runId, run);
        facts.record(new RunStarted(EXPERIMENT, runId, null, time(), 0L, maxEpochs, true, Map.of()));
        decide();
        return run.period;
    }

    /**
     * Whether the run was started at anything but the period adopted then: unperturbed, or at a period under
     * measurement. A probe run at the tau* in force (a further probe's second group after tau* moved to it)
     * trains exactly as an exploiting run would.
     */
    @Override
    public boolean exploring(String runId) {
        return !runs.get(runId).atTauStar;
    }

    @Override
    public void epoch(String runId, int epoch, double value, int now) {
        Tracked run = runs.get(runId);
        run.values.add(value);
        facts.record(new EpochEvent(EXPERIMENT, runId, run.arm, epoch, 0, time(), Map.of(metric, value),
                run.kicks.size(), Map.of()));
        changed = true;
    }

    @Override
    public void kicked(String runId, int epoch, int now) {
        Tracked run = runs.get(runId);
        run.kicks.add(epoch);
        facts.record(Ack.applied(run.command, epoch, time()));
    }

    @Override
    public void finished(String runId, int epoch, boolean passed, int now) {
        Tracked run = runs.get(runId);
        run.finished = true;
        facts.record(new RunFinished(EXPERIMENT, runId, time(), RunFinished.Reason.COMPLETED, run.values.size()));
    }

    @Override
    public void tick(int now) {
        clock = now;
        if (changed && now % statsEvery == 0) {
            changed = false;
            for (FptStats stats : analyzer.analyze(EXPERIMENT, snapshots(), time())) {
                facts.record(stats);
            }
            decide();
        }
    }

    @Override
    public int adopted() {
        ExperimentStatus status = policy.status();
        return status.tauStar() == null ? RecordedGrid.BASELINE : status.tauStar();
    }

    /**
     * The experiment's course in short, from the audit trail: "probe 20, exploit 20, measure 8 (tau_min 15),
     * tau* 8".
     */
    @Override
    public String notes() {
        String course = trail.stream().filter(d -> d.type().experimentWide() && d.tau() != null
                && d.type() != DecisionType.PROBE_CONCLUDED).map(FirstPassStrategy::step)
                .collect(Collectors.joining(", "));
        return course.isEmpty() ? "still observing" : course;
    }

    private static String step(Decision decision) {
        return switch (decision.type()) {
            case PROBE_ADDED -> "measure " + decision.tau() + (decision.evidence() == null
                    || decision.evidence().tauMin() == null ? "" : " (tau_min " + decision.evidence().tauMin() + ")");
            case TAU_CHANGED -> "tau* " + decision.tau();
            default -> decision.phase().wireName() + " " + decision.tau();
        };
    }

    private void decide() {
        for (Decision decision : policy.decide(facts, time())) {
            policy.apply(decision);
            trail.add(decision);
            Tracked run = decision.runId() == null ? null : runs.get(decision.runId());
            if (run == null) {
                continue;
            }
            if (decision.type() == DecisionType.ARM_ASSIGNED && run.values.isEmpty()) {
                Integer tauStar = policy.status().tauStar();
                run.atTauStar = decision.role() == Role.EXPLOIT
                        || decision.tau() != null && decision.tau().equals(tauStar);
            } else if (decision.type() == DecisionType.COMMAND_ISSUED) {
                follow(run, decision.command());
            }
        }
    }

    // A recorded arm was kicked after epochs tau, 2 tau, ...: a run takes that protocol only when it is
    // commanded so before its first epoch. Anything else is refused, as a trainer that cannot comply would.
    private void follow(Tracked run, Command command) {
        String refusal = null;
        if (!(command.schedule() instanceof Schedule.Periodic periodic)) {
            refusal = "a recorded run follows one periodic protocol from its start";
        } else if (!run.values.isEmpty() || periodic.fromEpoch() != periodic.every()) {
            refusal = "a recorded run is kicked after epochs tau, 2 tau, ... from its start";
        } else {
            run.period = periodic.every();
            run.arm = command.arm();
            run.command = command;
            return;
        }
        facts.record(Ack.refused(command, refusal, time()));
    }

    private List<RunSnapshot> snapshots() {
        List<RunSnapshot> snapshots = new ArrayList<>(runs.size());
        for (Tracked run : runs.values()) {
            snapshots.add(new RunSnapshot(EXPERIMENT, run.runId, run.arm, run.values, run.kicks,
                    run.finished ? RunStatus.FINISHED : RunStatus.RUNNING, run.finished ? "completed" : null));
        }
        return snapshots;
    }

    private Instant time() {
        return Instant.EPOCH.plusSeconds(60L * clock);
    }

    private static final class Tracked {
        final String runId;
        final List<Double> values = new ArrayList<>();
        final List<Integer> kicks = new ArrayList<>();
        int period = RecordedGrid.BASELINE;
        String arm;
        Command command;
        boolean atTauStar;
        boolean finished;

        Tracked(String runId) {
            this.runId = runId;
        }
    }
}
