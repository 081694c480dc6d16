package dev.firstpass.cli.backtest;

import dev.firstpass.core.fpt.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Hands out recorded runs of an arm: each run once, in a seeded random order, then with replacement
 * once the arm is exhausted (counted, since repeated runs understate the spread).
 */
final class RunDraws {
    private final RecordedGrid grid;
    private final SplittableRandom random;
    private final Map<Integer, List<Trajectory>> unused = new HashMap<>();
    private int repeated;

    RunDraws(RecordedGrid grid, long seed) {
        this.grid = grid;
        this.random = new SplittableRandom(seed);
    }

    Trajectory draw(int period) {
        List<Trajectory> all = grid.runsOf(period);
        if (all == null) {
            throw new IllegalArgumentException("the grid has no arm kicked every " + period + " epochs; it has "
                    + grid.periods());
        }
        List<Trajectory> left = unused.computeIfAbsent(period, p -> new ArrayList<>(all));
        if (left.isEmpty()) {
            repeated++;
            return all.get(random.nextInt(all.size()));
        }
        int last = left.size() - 1;
        int pick = random.nextInt(left.size());
        Trajectory run = left.get(pick);
        left.set(pick, left.get(last));
        left.remove(last);
        return run;
    }

    /** Runs handed out again because their arm had none left. */
    int repeated() {
        return repeated;
    }
}
