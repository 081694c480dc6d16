package dev.firstpass.core.fpt.simulation;

import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.fpt.trajectory.Trajectory;
import java.util.SplittableRandom;

/**
 * A seeded training-like process with a quasi-steady state and a known kick response, for ground
 * truth. Each run relaxes from a warm-up drop to its own plateau (around {@code plateau}), then sits
 * there with small noise; with a constant per-epoch hazard it makes a one-epoch excursion of
 * {@code lift} above its plateau (a rare passage). A kick knocks the metric down by
 * {@code kickDrop}, which relaxes with time constant {@code kickTime}, and with probability
 * {@code escape} makes an excursion at a uniform offset in [escapeFrom, escapeTo] after the kick.
 */
public record PlateauProcess(double plateau, double runSpread, double noise, double warmupDrop, double warmupTime,
                             double hazard, double lift, double kickDrop, double kickTime, double escape,
                             int escapeFrom, int escapeTo) {

    /** The process used by the prediction tests: target 53 is reached only by excursions. */
    public static PlateauProcess standard(double hazard, double escape) {
        return new PlateauProcess(50.0, 0.5, 0.2, 20.0, 2.0, hazard, 6.0, 15.0, 1.5, escape, 3, 7);
    }

    public static final Target TARGET = Target.atLeast(53.0);

    /** A run of {@code epochs} epochs, kicked right after every multiple of {@code period} (0: never). */
    public Trajectory run(String id, int period, int epochs, SplittableRandom random) {
        double[] values = new double[epochs];
        Walker walker = new Walker(period, random);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            values[epoch - 1] = walker.next(epoch);
        }
        return Trajectory.ofEpochValues(id, values);
    }

    /** The first epoch at which a run kicked every {@code period} epochs reaches the target. */
    public int passageTime(int period, SplittableRandom random, int maxEpochs) {
        Walker walker = new Walker(period, random);
        for (int epoch = 1; epoch <= maxEpochs; epoch++) {
            if (TARGET.reachedBy(walker.next(epoch))) {
                return epoch;
            }
        }
        throw new IllegalStateException("no passage within " + maxEpochs + " epochs");
    }

    /** One run's state: its own plateau, the last kick and a pending kick-induced excursion. */
    private final class Walker {
        private final int period;
        private final SplittableRandom random;
        private final double level;
        private int lastKick = -1;
        private int escapeAt = -1;

        Walker(int period, SplittableRandom random) {
            this.period = period;
            this.random = random;
            this.level = plateau + runSpread * random.nextGaussian();
        }

        double next(int epoch) {
            double value = level - warmupDrop * Math.exp(-(epoch - 1) / warmupTime) + noise * random.nextGaussian();
            if (lastKick > 0) {
                value -= kickDrop * Math.exp(-(epoch - lastKick - 1) / kickTime);
            }
            boolean excursion = random.nextDouble() < hazard || epoch == escapeAt;
            if (excursion) {
                value = level + lift + noise * random.nextGaussian();
            }
            if (period > 0 && epoch % period == 0) {
                lastKick = epoch;
                escapeAt = random.nextDouble() < escape ? epoch + escapeFrom + random.nextInt(escapeTo - escapeFrom + 1) : -1;
            }
            return value;
        }
    }
}
