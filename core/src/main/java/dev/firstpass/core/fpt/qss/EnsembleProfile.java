package dev.firstpass.core.fpt.qss;

import dev.firstpass.core.fpt.trajectory.Trajectory;
import java.util.Arrays;
import java.util.List;

/**
 * The distribution of a metric across runs, epoch by epoch (mean and 10/50/90% quantiles of the
 * finite values), to show how an ensemble relaxes into its quasi-steady state.
 */
public record EnsembleProfile(int[] runs, double[] mean, double[] p10, double[] median, double[] p90) {

    public static EnsembleProfile of(List<Trajectory> trajectories) {
        int epochs = trajectories.stream().mapToInt(Trajectory::epochs).max().orElse(0);
        int[] runs = new int[epochs];
        double[] mean = new double[epochs];
        double[] p10 = new double[epochs];
        double[] median = new double[epochs];
        double[] p90 = new double[epochs];
        for (int epoch = 1; epoch <= epochs; epoch++) {
            int e = epoch;
            double[] values = trajectories.stream()
                    .filter(run -> run.epochs() >= e)
                    .mapToDouble(run -> run.valueAt(e))
                    .filter(Double::isFinite)
                    .sorted()
                    .toArray();
            int i = epoch - 1;
            runs[i] = values.length;
            mean[i] = values.length == 0 ? Double.NaN : Arrays.stream(values).average().orElseThrow();
            p10[i] = quantile(values, 0.1);
            median[i] = quantile(values, 0.5);
            p90[i] = quantile(values, 0.9);
        }
        return new EnsembleProfile(runs, mean, p10, median, p90);
    }

    public int epochs() {
        return mean.length;
    }

    private static double quantile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double position = p * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
