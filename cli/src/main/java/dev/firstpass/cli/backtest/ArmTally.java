package dev.firstpass.cli.backtest;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The finished runs of each arm as a search strategy sees them: the mean epochs to target, a run that
 * ran out of epochs counting its whole length (all runs of an arm share one budget, so this is the
 * Kaplan-Meier mean over that budget).
 */
final class ArmTally {
    private final Map<Integer, long[]> epochsAndRuns = new HashMap<>();

    void add(int period, int epochs) {
        long[] tally = epochsAndRuns.computeIfAbsent(period, p -> new long[2]);
        tally[0] += epochs;
        tally[1]++;
    }

    double mean(int period) {
        long[] tally = epochsAndRuns.get(period);
        return tally == null ? Double.POSITIVE_INFINITY : (double) tally[0] / tally[1];
    }

    /** The period with the lowest mean among {@code periods}, ties to the shortest; the first when none finished. */
    int best(Collection<Integer> periods) {
        int best = periods.iterator().next();
        for (int period : periods) {
            if (mean(period) < mean(best) || (mean(period) == mean(best) && period < best)) {
                best = period;
            }
        }
        return best;
    }
}
