package dev.firstpass.core.fpt.response;

import dev.firstpass.core.fpt.trajectory.Passage;
import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.fpt.trajectory.Trajectory;

/**
 * The inter-kick periods of one probe run kicked right after epochs tau0, 2 tau0, ... Each period
 * the run entered unpassed is one observation of the post-kick passage time: it ends with a passage
 * at some offset, or is censored at tau0 by the next kick, or earlier when the run stopped.
 *
 * @param passage   the run's own first passage
 * @param offsets   for each period, the offset (1..tau0) at which it ended
 * @param passedAt  for each period, whether it ended with a passage
 */
public record KickPeriods(Passage passage, int[] offsets, boolean[] passedAt) {

    public static KickPeriods of(Trajectory run, int period, Target target) {
        if (period < 1) {
            throw new IllegalArgumentException("perturbation period must be at least 1 epoch: " + period);
        }
        Passage passage = Passage.of(run, target);
        int last = passage.reached() ? passage.time() : run.epochs();
        int count = 0;
        for (int kick = period; kick < last; kick += period) {
            count++;
        }
        int[] offsets = new int[count];
        boolean[] passed = new boolean[count];
        int index = 0;
        for (int kick = period; kick < last; kick += period) {
            int end = Math.min(kick + period, last);
            offsets[index] = end - kick;
            passed[index] = passage.reached() && end == passage.time();
            index++;
        }
        return new KickPeriods(passage, offsets, passed);
    }

    public int count() {
        return offsets.length;
    }

    /** Kicks received before passage (N of the response), or before censoring. */
    public int kicks() {
        return offsets.length;
    }

    /** True when the run passed after at least one kick. */
    public boolean passedAfterKick() {
        return offsets.length > 0 && passedAt[offsets.length - 1];
    }
}
