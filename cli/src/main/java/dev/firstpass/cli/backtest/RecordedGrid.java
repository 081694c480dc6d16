package dev.firstpass.cli.backtest;

import dev.firstpass.core.fpt.survival.KaplanMeier;
import dev.firstpass.core.fpt.survival.SurvivalCurve;
import dev.firstpass.core.fpt.trajectory.Passage;
import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.fpt.trajectory.Trajectory;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * A recorded grid: the unperturbed runs and, per period, the runs kicked every that many epochs. Period 0
 * stands for the baseline throughout the backtest.
 */
record RecordedGrid(String metric, List<Trajectory> baseline, TreeMap<Integer, List<Trajectory>> arms) {

    static final int BASELINE = 0;

    RecordedGrid {
        baseline = List.copyOf(baseline);
        arms = new TreeMap<>(arms);
        if (baseline.isEmpty()) {
            throw new IllegalArgumentException("the grid's baseline has no runs");
        }
        if (arms.isEmpty()) {
            throw new IllegalArgumentException("the grid has no perturbed arm: give at least one --arm");
        }
        arms.forEach((period, runs) -> {
            if (period < 1) {
                throw new IllegalArgumentException("perturbation period must be at least 1 epoch: " + period);
            }
            if (runs.isEmpty()) {
                throw new IllegalArgumentException("the arm kicked every " + period + " epochs has no runs");
            }
        });
    }

    List<Trajectory> runsOf(int period) {
        return period == BASELINE ? baseline : arms.get(period);
    }

    List<Integer> periods() {
        return List.copyOf(arms.keySet());
    }

    /**
     * The measured MFPT of every arm (and the baseline, at 0) for {@code target}: the Kaplan-Meier mean of
     * min(T, L) over the recorded L epochs, counting a censored run's whole length as the fleet does (a lower
     * bound of the MFPT where runs were censored).
     */
    Map<Integer, Measured> truth(Target target) {
        Map<Integer, Measured> truth = new TreeMap<>();
        truth.put(BASELINE, Measured.of(baseline, target));
        arms.forEach((period, runs) -> truth.put(period, Measured.of(runs, target)));
        return truth;
    }

    /** An arm's measured MFPT over all its recorded runs. */
    record Measured(double mfpt, int runs, int censored) {

        static Measured of(List<Trajectory> runs, Target target) {
            List<Passage> passages = runs.stream().map(run -> Passage.of(run, target)).toList();
            SurvivalCurve curve = KaplanMeier.estimate(passages);
            double mean = 0.0;
            for (int t = 0; t < curve.horizon(); t++) {
                mean += curve.at(t);
            }
            return new Measured(mean, runs.size(), (int) passages.stream().filter(Passage::censored).count());
        }
    }

    /**
     * The measured MFPT at {@code period}, interpolated linearly between the nearest measured arms when
     * the grid has no arm there; empty outside the grid's periods.
     */
    static OptionalDouble at(Map<Integer, Measured> truth, int period) {
        Measured exact = truth.get(period);
        if (exact != null) {
            return OptionalDouble.of(exact.mfpt());
        }
        TreeMap<Integer, Measured> arms = new TreeMap<>(truth);
        arms.remove(BASELINE);
        Map.Entry<Integer, Measured> below = arms.floorEntry(period);
        Map.Entry<Integer, Measured> above = arms.ceilingEntry(period);
        if (below == null || above == null) {
            return OptionalDouble.empty();
        }
        double share = (double) (period - below.getKey()) / (above.getKey() - below.getKey());
        return OptionalDouble.of(below.getValue().mfpt() + share * (above.getValue().mfpt() - below.getValue().mfpt()));
    }
}
