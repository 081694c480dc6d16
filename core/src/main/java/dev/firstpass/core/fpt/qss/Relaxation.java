package dev.firstpass.core.fpt.qss;

import dev.firstpass.core.fpt.response.KickPeriods;
import dev.firstpass.core.fpt.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.List;

/**
 * Post-kick relaxation time t_rel, detected the way t_QSS is but on epochs counted from each kick:
 * the values s epochs after a kick (over all runs and kicks whose whole period was observed) are
 * compared with the values just before the next kick, the most relaxed state the probe sees.
 * t_rel is the first offset from which no later offset differs.
 *
 * @param tRel      the relaxation time in epochs after a kick
 * @param resolved  false when the ensemble is still changing at the end of the period (t_rel >= period)
 * @param periods   the number of observed post-kick periods the test used
 * @param explanation what was found, in words
 */
public record Relaxation(int tRel, boolean resolved, int periods, String explanation) {

    /** Relaxation after kicks applied right after epochs period, 2 period, ... */
    public static Relaxation detect(List<Trajectory> runs, int period, QssSettings settings) {
        return detect(runs, runs.stream().map(run -> KickPeriods.multiplesOf(period, run.epochs())).toList(),
                period, settings);
    }

    /**
     * Relaxation after the given kicks ({@code kickEpochs.get(i)} for {@code runs.get(i)}, ascending); a
     * kick counts when the run went on, unkicked, for a whole period after it.
     */
    public static Relaxation detect(List<Trajectory> runs, List<int[]> kickEpochs, int period, QssSettings settings) {
        if (period < 1) {
            throw new IllegalArgumentException("perturbation period must be at least 1 epoch: " + period);
        }
        List<double[]> segments = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Trajectory run = runs.get(i);
            int[] kicks = kickEpochs.get(i);
            for (int k = 0; k < kicks.length; k++) {
                int kick = kicks[k];
                boolean quietPeriod = k + 1 == kicks.length || kicks[k + 1] >= kick + period;
                if (quietPeriod && kick + period <= run.epochs()) {
                    double[] segment = new double[period + 1];
                    for (int offset = 1; offset <= period; offset++) {
                        segment[offset] = run.valueAt(kick + offset);
                    }
                    segments.add(segment);
                }
            }
        }
        int periods = segments.size();
        if (periods < settings.minPeriods()) {
            return new Relaxation(period, false, periods, "relaxation after kicks needs at least "
                    + settings.minPeriods() + " observed post-kick periods of " + period + " epochs: " + periods);
        }
        DistributionTest test = new DistributionTest(settings.alpha());
        double[] relaxed = offsetSample(segments, period);
        for (int offset = period - 1; offset >= 1; offset--) {
            if (test.differ(offsetSample(segments, offset), relaxed)) {
                int tRel = offset + 1;
                return tRel < period
                        ? new Relaxation(tRel, true, periods, relaxedAfter(tRel, periods))
                        : new Relaxation(tRel, false, periods, "still relaxing when the next kick came, "
                                + period + " epochs later (" + periods + " post-kick periods)");
            }
        }
        return new Relaxation(1, true, periods, relaxedAfter(1, periods));
    }

    private static String relaxedAfter(int tRel, int periods) {
        return "relaxed " + tRel + (tRel == 1 ? " epoch" : " epochs") + " after a kick (" + periods
                + " post-kick periods)";
    }

    private static double[] offsetSample(List<double[]> segments, int offset) {
        return segments.stream().mapToDouble(segment -> segment[offset]).toArray();
    }
}
