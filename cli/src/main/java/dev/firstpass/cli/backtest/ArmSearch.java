package dev.firstpass.cli.backtest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The classic searches over the grid's arms, measured by their own runs: a uniform grid (the same runs
 * at every arm, then the best) and successive halving (a few runs at every arm, then twice as many at
 * the better half, until one arm is left). Runs that start while a round's runs are still training
 * exploit the arm that looks best so far.
 */
final class ArmSearch implements Strategy {
    private final String name;
    private final boolean halving;
    private final ArmTally tally = new ArmTally();
    private final Map<String, Integer> periods = new HashMap<>();
    private final Set<String> measuring = new HashSet<>();
    private final Set<String> roundRuns = new HashSet<>();
    private final Deque<Integer> queue = new ArrayDeque<>();
    private List<Integer> arms;
    private int runsPerArm;
    private int rounds;

    private ArmSearch(String name, List<Integer> arms, int runsPerArm, boolean halving) {
        if (runsPerArm < 1) {
            throw new IllegalArgumentException("runs per arm must be at least 1: " + runsPerArm);
        }
        this.name = name;
        this.arms = List.copyOf(arms);
        this.runsPerArm = runsPerArm;
        this.halving = halving;
        fillRound();
    }

    /** {@code runsPerArm} runs at every arm, then the best arm. */
    static ArmSearch uniformGrid(List<Integer> arms, int runsPerArm) {
        return new ArmSearch("uniform grid (" + runsPerArm + " runs per arm)", arms, runsPerArm, false);
    }

    /** {@code firstRunsPerArm} runs at every arm, then twice as many at the better half, until one is left. */
    static ArmSearch successiveHalving(List<Integer> arms, int firstRunsPerArm) {
        return new ArmSearch("successive halving (" + firstRunsPerArm + " runs per arm first)", arms,
                firstRunsPerArm, true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int assign(String runId, int clock) {
        int period;
        if (!queue.isEmpty()) {
            period = queue.poll();
            measuring.add(runId);
            roundRuns.add(runId);
        } else {
            period = tally.best(arms);
        }
        periods.put(runId, period);
        return period;
    }

    @Override
    public boolean exploring(String runId) {
        return measuring.contains(runId);
    }

    @Override
    public void finished(String runId, int epoch, boolean passed, int clock) {
        tally.add(periods.get(runId), epoch);
        if (roundRuns.remove(runId) && roundRuns.isEmpty() && queue.isEmpty() && arms.size() > 1) {
            endRound();
        }
    }

    private void endRound() {
        rounds++;
        if (!halving) {
            arms = List.of(tally.best(arms));
            return;
        }
        List<Integer> ranked = new ArrayList<>(arms);
        ranked.sort((a, b) -> Double.compare(tally.mean(a), tally.mean(b)));
        arms = List.copyOf(ranked.subList(0, (ranked.size() + 1) / 2));
        runsPerArm *= 2;
        if (arms.size() > 1) {
            fillRound();
        }
    }

    private void fillRound() {
        for (int i = 0; i < runsPerArm; i++) {
            queue.addAll(arms);
        }
    }

    @Override
    public int adopted() {
        return arms.size() == 1 ? arms.get(0) : tally.best(arms);
    }

    @Override
    public String notes() {
        return rounds + (rounds == 1 ? " round" : " rounds") + (arms.size() == 1 ? "" : ", unfinished");
    }
}
