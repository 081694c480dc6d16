package dev.firstpass.core.fpt.qss;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.fpt.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class EnsembleQssTest {

    @Test
    void relaxationIntoAPlateauIsDetectedWhereTheDriftFallsBelowWhatTheTestCanSee() {
        // Each run relaxes as 50 + spread - 20 exp(-t / 3). Two paired samples of 300 runs with spread 0.5
        // tell apart shifts down to roughly 0.05, which the drift reaches between epochs 18 and 23; the
        // window test starts 10 epochs earlier than the end of the visible drift, give or take noise.
        List<Trajectory> runs = ensemble(300, 60, epoch -> -20.0 * Math.exp(-epoch / 3.0));
        EnsembleQss.Detection detection = EnsembleQss.detect(runs, QssSettings.defaults());
        assertThat(detection.tQss().orElseThrow()).isBetween(13, 20);
    }

    @Test
    void anEnsembleThatKeepsDriftingHasNoQss() {
        List<Trajectory> runs = ensemble(300, 60, epoch -> 0.2 * epoch);
        EnsembleQss.Detection detection = EnsembleQss.detect(runs, QssSettings.defaults());
        assertThat(detection.detected()).isFalse();
        assertThat(detection.explanation())
                .isEqualTo("the ensemble never stayed steady for 10 epochs before fewer than 4 runs reached epoch 61");
    }

    @Test
    void frozenRunsAreSteadyFromTheFirstEpoch() {
        assertThat(EnsembleQss.detect(ensemble(50, 30, epoch -> 0.0), QssSettings.defaults()).tQss()).hasValue(1);
    }

    @Test
    void tooFewRunsGiveNoQssAndSayWhy() {
        EnsembleQss.Detection detection = EnsembleQss.detect(ensemble(3, 30, epoch -> 0.0), QssSettings.defaults());
        assertThat(detection.detected()).isFalse();
        assertThat(detection.explanation()).isEqualTo("QSS detection needs at least 4 runs: 3");
    }

    @Test
    void nonFiniteValuesAreLeftOutOfTheTest() {
        List<Trajectory> runs = new ArrayList<>(ensemble(50, 30, epoch -> 0.0));
        double[] diverged = new double[30];
        java.util.Arrays.fill(diverged, Double.NaN);
        runs.add(Trajectory.ofEpochValues("diverged", diverged));
        assertThat(EnsembleQss.detect(runs, QssSettings.defaults()).tQss()).hasValue(1);
    }

    /** Runs frozen at their own level (spread 0.5) plus a shared drift and small noise (0.05). */
    static List<Trajectory> ensemble(int count, int epochs, IntToDoubleFunction drift) {
        SplittableRandom random = new SplittableRandom(42);
        List<Trajectory> runs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double level = 50.0 + 0.5 * random.nextGaussian();
            double[] values = new double[epochs];
            for (int epoch = 1; epoch <= epochs; epoch++) {
                values[epoch - 1] = level + drift.applyAsDouble(epoch) + 0.05 * random.nextGaussian();
            }
            runs.add(Trajectory.ofEpochValues("run-" + i, values));
        }
        return runs;
    }
}
