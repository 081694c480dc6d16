package dev.firstpass.cli.backtest;

import dev.firstpass.controller.loop.PlateauProcess;
import dev.firstpass.core.fpt.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** Recorded grids of the simulated {@link PlateauProcess}: a baseline and an arm per period. */
final class SimulatedGrids {
    private SimulatedGrids() {
    }

    /**
     * {@code runsPerArm} runs of {@code epochs} epochs at each period, and as many unperturbed ones; the kick
     * relaxes with time constant {@code relaxation} epochs.
     */
    static RecordedGrid of(int[] periods, int runsPerArm, int epochs, double relaxation) {
        return grid(periods, runsPerArm, 17L, 1_000_003L, (id, seed, period) -> record(id, seed, period, relaxation,
                epochs));
    }

    /**
     * A grid where kicking never pays: the metric sits on a plateau below the target and makes a one-epoch
     * excursion above it with hazard 0.03 per epoch, except in the {@code blind} epochs after a kick, which
     * knocks the metric down and gives nothing in return. Every period is slower than not kicking.
     */
    static RecordedGrid harmful(int[] periods, int runsPerArm, int epochs, int blind) {
        return grid(periods, runsPerArm, 29L, 2_000_003L, (id, seed, period) -> blinded(id, seed, period, blind,
                epochs));
    }

    /** One run's trajectory, seeded with {@code seed}, kicked right after epochs period, 2 period, ... (0: never). */
    private interface Recorder {
        Trajectory record(String id, long seed, int period);
    }

    /** The baseline's runs seeded from {@code baselineSeed} on, an arm's from {@code armSeed} times its period on. */
    private static RecordedGrid grid(int[] periods, int runsPerArm, long baselineSeed, long armSeed,
            Recorder recorder) {
        List<Trajectory> baseline = new ArrayList<>();
        for (int i = 0; i < runsPerArm; i++) {
            baseline.add(recorder.record("b" + i, baselineSeed + i, 0));
        }
        TreeMap<Integer, List<Trajectory>> arms = new TreeMap<>();
        for (int period : periods) {
            List<Trajectory> runs = new ArrayList<>();
            for (int i = 0; i < runsPerArm; i++) {
                runs.add(recorder.record("k" + period + "-" + i, armSeed * period + i, period));
            }
            arms.put(period, runs);
        }
        return new RecordedGrid("test_acc", baseline, arms);
    }

    private static Trajectory blinded(String id, long seed, int period, int blind, int epochs) {
        SplittableRandom random = new SplittableRandom(seed);
        double level = 50.0 + 0.5 * random.nextGaussian();
        int lastKick = 0;
        double[] values = new double[epochs];
        for (int epoch = 1; epoch <= epochs; epoch++) {
            double value = level - 20.0 * Math.exp(-(epoch - 1)) + 0.2 * random.nextGaussian();
            if (lastKick > 0) {
                value -= 15.0 * Math.exp(-(epoch - lastKick - 1) / 2.0);
            }
            boolean excursion = random.nextDouble() < 0.03 && (lastKick == 0 || epoch - lastKick > blind);
            values[epoch - 1] = excursion ? level + 6.0 + 0.2 * random.nextGaussian() : value;
            if (period > 0 && epoch % period == 0) {
                lastKick = epoch;
            }
        }
        return Trajectory.ofEpochValues(id, values);
    }

    /** One run kicked right after epochs period, 2 period, ... (never when the period is 0). */
    private static Trajectory record(String id, long seed, int period, double relaxation, int epochs) {
        PlateauProcess.Run process = new PlateauProcess.Run(seed, relaxation);
        double[] values = new double[epochs];
        for (int epoch = 1; epoch <= epochs; epoch++) {
            values[epoch - 1] = process.evaluate(epoch);
            if (period > 0 && epoch % period == 0) {
                process.kick(epoch);
            }
        }
        return Trajectory.ofEpochValues(id, values);
    }
}
