package dev.firstpass.core.fpt.response;

import dev.firstpass.core.fpt.trajectory.Passage;
import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.fpt.trajectory.Trajectory;

/**
 * The inter-kick periods of one kicked run. Each period the run entered unpassed is one observation
 * of the post-kick passage time: it ends with a passage at some offset, or is censored by the next
 * kick, or earlier when the run stopped. Kicks come right after the given epochs: multiples of the
 * period for a recorded periodic arm, or the exact epochs the trainer acknowledged for live runs,
 * whose first kick may come at any epoch in the quasi-steady state.
 *
 * @param passage   the run's own first passage
 * @param offsets   for each period, the offset (1..tau0) at which it ended
 * @param passedAt  for each period, whether it ended with a passage
 */
public record KickPeriods(Passage passage, int[] offsets, boolean[] passedAt) {

    /** A run kicked right after epochs period, 2 period, ... */
    public static KickPeriods of(Trajectory run, int period, Target target) {
        return of(run, multiplesOf(period, run.epochs()), target);
    }

    /** A run kicked right after each of {@code kickEpochs} (ascending). */
    public static KickPeriods of(Trajectory run, int[] kickEpochs, Target target) {
        Passage passage = Passage.of(run, target);
        int last = passage.reached() ? passage.time() : run.epochs();
        int count = 0;
        while (count < kickEpochs.length && kickEpochs[count] < last) {
            count++;
        }
        int[] offsets = new int[count];
        boolean[] passed = new boolean[count];
        for (int i = 0; i < count; i++) {
            int end = i + 1 < count ? kickEpochs[i + 1] : last;
            offsets[i] = end - kickEpochs[i];
            passed[i] = passage.reached() && end == passage.time();
        }
        return new KickPeriods(passage, offsets, passed);
    }

    /** The kick epochs of a periodic protocol over a run of {@code epochs} epochs: period, 2 period, ... */
    public static int[] multiplesOf(int period, int epochs) {
        if (period < 1) {
            throw new IllegalArgumentException("perturbation period must be at least 1 epoch: " + period);
        }
        int[] kicks = new int[Math.max(0, epochs / period)];
        for (int i = 0; i < kicks.length; i++) {
            kicks[i] = (i + 1) * period;
        }
        return kicks;
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
