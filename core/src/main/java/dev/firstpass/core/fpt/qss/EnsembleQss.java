package dev.firstpass.core.fpt.qss;

import dev.firstpass.core.fpt.trajectory.Trajectory;
import java.util.List;
import java.util.OptionalInt;

/**
 * Ensemble detection of the quasi-steady state: t_QSS is the first epoch t from which the
 * distribution of the metric across runs cannot be told apart (two-sample KS at level alpha) from the
 * reference sample at t + window, for every epoch from t up to that reference.
 *
 * <p>The reference is "late" relative to t rather than fixed at the last epoch: real training drifts
 * slowly for hundreds of epochs (overfitting, late instabilities), and with hundreds of runs a fixed
 * far reference rejects any drift at all, leaving no QSS. The window states the timescale on which the
 * state must be steady, which is the timescale perturbation periods live on.
 */
public final class EnsembleQss {
    private EnsembleQss() {
    }

    /** The outcome: t_QSS when detected, and why not otherwise. */
    public record Detection(OptionalInt tQss, int runs, String explanation) {
        public boolean detected() {
            return tQss.isPresent();
        }
    }

    public static Detection detect(List<Trajectory> runs, QssSettings settings) {
        if (runs.size() < settings.minRuns()) {
            return new Detection(OptionalInt.empty(), runs.size(), "QSS detection needs at least "
                    + settings.minRuns() + " runs: " + runs.size());
        }
        DistributionTest test = new DistributionTest(settings.alpha());
        int window = settings.window();
        for (int t = 1; ; t++) {
            int reference = t + window;
            EpochSamples samples = EpochSamples.pairedWith(runs, reference);
            if (samples.size() < settings.minRuns()) {
                return new Detection(OptionalInt.empty(), runs.size(),
                        "the ensemble never stayed steady for " + window + " epochs before fewer than "
                                + settings.minRuns() + " runs reached epoch " + reference);
            }
            if (steadyUpTo(samples, t, reference, test)) {
                return new Detection(OptionalInt.of(t), runs.size(), "steady from epoch " + t
                        + " over a " + window + "-epoch window (KS, alpha " + settings.alpha() + ")");
            }
        }
    }

    private static boolean steadyUpTo(EpochSamples samples, int from, int reference, DistributionTest test) {
        double[] late = samples.at(reference);
        // Scanning backwards from the reference fails fastest while the ensemble is still relaxing.
        for (int epoch = reference - 1; epoch >= from; epoch--) {
            if (test.differ(samples.at(epoch), late)) {
                return false;
            }
        }
        return true;
    }

    /** The values at given epochs of the runs that reached a reference epoch, so samples are paired. */
    private record EpochSamples(List<Trajectory> runs) {
        static EpochSamples pairedWith(List<Trajectory> all, int reference) {
            return new EpochSamples(all.stream().filter(run -> run.epochs() >= reference).toList());
        }

        int size() {
            return runs.size();
        }

        double[] at(int epoch) {
            return runs.stream().mapToDouble(run -> run.valueAt(epoch)).toArray();
        }
    }
}
