package dev.firstpass.cli.demo;

import dev.firstpass.core.fpt.survival.KaplanMeier;
import dev.firstpass.core.fpt.survival.SurvivalCurve;
import dev.firstpass.core.fpt.trajectory.Passage;
import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.fpt.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The measured mean time to a target of a group of runs, with a percentile bootstrap interval over runs.
 *
 * <p>While every run has reached the target the mean is the plain mean of the passage epochs; with runs
 * that never did it is the Kaplan-Meier mean up to the last epoch observed, a lower bound.
 *
 * @param runs runs measured
 * @param reached runs that reached the target
 * @param mean mean epochs to the target (a lower bound when {@code lowerBound})
 * @param low lower end of the 95% interval
 * @param high upper end of the 95% interval
 * @param lowerBound whether some runs never reached the target, so the mean is at least this
 */
record Measured(int runs, int reached, double mean, double low, double high, boolean lowerBound) {

    static final int RESAMPLES = 2000;
    private static final long SEED = 20250206L;

    /** The first passage of {@code target} by each run in {@code accuracies} (test accuracy per epoch). */
    static Measured of(List<List<Double>> accuracies, double target) {
        Target reach = Target.atLeast(target);
        List<Passage> passages = new ArrayList<>();
        for (int i = 0; i < accuracies.size(); i++) {
            double[] values = accuracies.get(i).stream().mapToDouble(Double::doubleValue).toArray();
            if (values.length > 0) {
                passages.add(Passage.of(Trajectory.ofEpochValues("run-" + i, values), reach));
            }
        }
        if (passages.isEmpty()) {
            return new Measured(0, 0, Double.NaN, Double.NaN, Double.NaN, false);
        }
        int reached = (int) passages.stream().filter(Passage::reached).count();
        SplittableRandom random = new SplittableRandom(SEED);
        double[] means = new double[RESAMPLES];
        for (int b = 0; b < RESAMPLES; b++) {
            List<Passage> sample = new ArrayList<>(passages.size());
            for (int i = 0; i < passages.size(); i++) {
                sample.add(passages.get(random.nextInt(passages.size())));
            }
            means[b] = mean(sample);
        }
        Arrays.sort(means);
        return new Measured(passages.size(), reached, mean(passages), means[(int) Math.floor(0.025 * (RESAMPLES - 1))],
                means[(int) Math.ceil(0.975 * (RESAMPLES - 1))], reached < passages.size());
    }

    private static double mean(List<Passage> passages) {
        if (passages.stream().allMatch(Passage::reached)) {
            return passages.stream().mapToInt(Passage::time).average().orElseThrow();
        }
        SurvivalCurve curve = KaplanMeier.estimate(passages);
        double sum = 0;
        for (int t = 0; t <= curve.horizon(); t++) {
            sum += curve.at(t);
        }
        return sum;
    }
}
