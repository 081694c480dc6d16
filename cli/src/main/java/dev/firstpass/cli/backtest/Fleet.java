package dev.firstpass.cli.backtest;

import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.fpt.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Trains a fleet on a recorded grid: runs start one after another, at most {@code concurrency} at a
 * time; each is given the period its strategy assigns and "trained" by revealing an unused recorded run
 * of that arm epoch by epoch, all runs advancing together, so the strategy sees only what it would have
 * seen live. A run trains all its recorded epochs, as a training job with an epoch budget does: its time
 * to target is its first passage (or, censored, its length), and every run costs its whole length.
 */
final class Fleet {
    private final RecordedGrid grid;
    private final Target target;
    private final FleetSettings settings;
    private final long seed;

    /** A fleet training towards {@code target}, its recorded runs drawn with {@code seed}. */
    Fleet(RecordedGrid grid, Target target, FleetSettings settings, long seed) {
        this.grid = grid;
        this.target = target;
        this.settings = settings;
        this.seed = seed;
    }

    FleetOutcome train(Strategy strategy) {
        RunDraws draws = new RunDraws(grid, seed);
        List<ActiveRun> active = new ArrayList<>();
        long exploration = 0;
        long total = 0;
        long times = 0;
        int reached = 0;
        int started = 0;
        int clock = 0;
        while (started < settings.runs() || !active.isEmpty()) {
            while (active.size() < settings.concurrency() && started < settings.runs()) {
                String runId = "run-" + started++;
                int period = strategy.assign(runId, clock);
                active.add(new ActiveRun(runId, period, draws.draw(period)));
            }
            clock++;
            for (Iterator<ActiveRun> it = active.iterator(); it.hasNext(); ) {
                ActiveRun run = it.next();
                int epoch = ++run.epoch;
                double value = run.trajectory.valueAt(epoch);
                strategy.epoch(run.runId, epoch, value, clock);
                if (run.passage == 0 && target.reachedBy(value)) {
                    run.passage = epoch;
                }
                if (epoch == run.trajectory.epochs()) {
                    boolean passed = run.passage > 0;
                    strategy.finished(run.runId, passed ? run.passage : epoch, passed, clock);
                    total += epoch;
                    times += passed ? run.passage : epoch;
                    exploration += strategy.exploring(run.runId) ? epoch : 0;
                    reached += passed ? 1 : 0;
                    it.remove();
                } else if (run.period != RecordedGrid.BASELINE && epoch % run.period == 0) {
                    strategy.kicked(run.runId, epoch, clock);
                }
            }
            strategy.tick(clock);
        }
        return new FleetOutcome(strategy.adopted(), exploration, total, times, settings.runs(), reached,
                draws.repeated(), strategy.notes());
    }

    private static final class ActiveRun {
        final String runId;
        final int period;
        final Trajectory trajectory;
        int epoch;
        int passage;

        ActiveRun(String runId, int period, Trajectory trajectory) {
            this.runId = runId;
            this.period = period;
            this.trajectory = trajectory;
        }
    }
}
