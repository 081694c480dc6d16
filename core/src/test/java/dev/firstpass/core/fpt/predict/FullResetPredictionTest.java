package dev.firstpass.core.fpt.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.firstpass.core.fpt.qss.QssHazard;
import dev.firstpass.core.fpt.survival.KaplanMeier;
import dev.firstpass.core.fpt.survival.Moments;
import dev.firstpass.core.fpt.survival.SurvivalFunction;
import dev.firstpass.core.fpt.trajectory.Passage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The checks with known answers of THEORY.md section 7 for full resets. */
class FullResetPredictionTest {

    @Test
    void memorylessPassageTimesAreUnchangedByAnyResetProtocol() {
        // Geometric T with h = 1/2, the discrete memoryless law: exact counts halve at every epoch.
        SurvivalFunction geometric = exactGeometricHalf();
        MeanTimePredictor sharp = Predictors.periodicFullReset(geometric);
        for (int tau = 1; tau <= 40; tau++) {
            assertThat(sharp.meanTime(tau)).as("tau = %d", tau).isEqualTo(2.0, within(1e-9));
        }
        for (double rate : new double[] {0.01, 0.1, 1.0, 5.0}) {
            assertThat(PoissonReset.meanTime(geometric, rate)).as("rate %s", rate).isEqualTo(2.0, within(1e-9));
        }
    }

    @Test
    void aFastAndStuckMixtureHasCvAboveOneAndItsSharpOptimumMatchesBruteForce() {
        SplittableRandom random = new SplittableRandom(7);
        SurvivalFunction survival = observedMixture(random, 20_000, 300);
        assertThat(Moments.of(survival).cv()).isGreaterThan(1.0);

        MeanTimePredictor sharp = Predictors.periodicFullReset(survival);
        int bestTau = 1;
        for (int tau = 2; tau <= 60; tau++) {
            if (sharp.meanTime(tau) < sharp.meanTime(bestTau)) {
                bestTau = tau;
            }
        }
        assertThat(sharp.meanTime(bestTau)).isLessThan(Moments.of(survival).mean() / 5);
        for (int tau : new int[] {1, 2, bestTau, 10, 30}) {
            Simulated simulated = simulateSharpResets(random, tau, 40_000);
            assertThat(sharp.meanTime(tau)).as("tau = %d", tau)
                    .isCloseTo(simulated.mean(), within(4 * simulated.standardError()));
        }
        // The optimum of the formula is the optimum of the protocol: no simulated period does better.
        Simulated atOptimum = simulateSharpResets(random, bestTau, 40_000);
        for (int tau = 1; tau <= 12; tau++) {
            Simulated other = simulateSharpResets(random, tau, 40_000);
            assertThat(other.mean() + 4 * Math.hypot(other.standardError(), atOptimum.standardError()))
                    .as("tau = %d against tau* = %d", tau, bestTau).isGreaterThan(atOptimum.mean());
        }
    }

    @Test
    void poissonResetsOfTheMixtureMatchBruteForce() {
        SplittableRandom random = new SplittableRandom(11);
        SurvivalFunction survival = observedMixture(random, 20_000, 300);
        for (double rate : new double[] {0.05, 0.3, 1.0}) {
            Simulated simulated = simulatePoissonResets(random, rate, 40_000);
            assertThat(PoissonReset.meanTime(survival, rate)).as("rate %s", rate)
                    .isCloseTo(simulated.mean(), within(4 * simulated.standardError()));
        }
    }

    private static SurvivalFunction exactGeometricHalf() {
        int horizon = 10;
        int[] events = new int[horizon + 1];
        int[] exits = new int[horizon + 1];
        int atRisk = 1 << 20;
        for (int u = 1; u <= horizon; u++) {
            events[u] = atRisk / 2;
            exits[u] = atRisk / 2;
            atRisk /= 2;
        }
        exits[horizon] += atRisk;
        return SurvivalFunction.withQssTail(KaplanMeier.fromCounts(events, exits), 0.5);
    }

    /** Half the runs pass fast (h = 0.5), half are stuck (h = 0.01): observed to {@code horizon}. */
    private static SurvivalFunction observedMixture(SplittableRandom random, int runs, int horizon) {
        List<Passage> passages = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            int time = mixtureTime(random);
            passages.add(time <= horizon ? Passage.reachedAt(time) : Passage.censoredAt(horizon));
        }
        // The fast component is gone long before epoch 60, leaving the stuck runs' constant hazard.
        double hazard = QssHazard.estimate(passages, 60).value();
        return SurvivalFunction.withQssTail(KaplanMeier.estimate(passages), hazard);
    }

    private static int mixtureTime(SplittableRandom random) {
        return geometric(random, random.nextBoolean() ? 0.5 : 0.01);
    }

    private static int geometric(SplittableRandom random, double p) {
        return 1 + (int) Math.floor(Math.log(1.0 - random.nextDouble()) / Math.log(1.0 - p));
    }

    private static Simulated simulateSharpResets(SplittableRandom random, int tau, int repetitions) {
        double[] times = new double[repetitions];
        for (int i = 0; i < repetitions; i++) {
            long elapsed = 0;
            int attempt = mixtureTime(random);
            while (attempt > tau) {
                elapsed += tau;
                attempt = mixtureTime(random);
            }
            times[i] = elapsed + attempt;
        }
        return Simulated.of(times);
    }

    private static Simulated simulatePoissonResets(SplittableRandom random, double rate, int repetitions) {
        double p = 1.0 - Math.exp(-rate);
        double[] times = new double[repetitions];
        for (int i = 0; i < repetitions; i++) {
            long elapsed = 0;
            while (true) {
                int attempt = mixtureTime(random);
                int resetAfter = geometric(random, p);
                if (attempt <= resetAfter) {
                    times[i] = elapsed + attempt;
                    break;
                }
                elapsed += resetAfter;
            }
        }
        return Simulated.of(times);
    }

    record Simulated(double mean, double standardError) {
        static Simulated of(double[] values) {
            double mean = 0.0;
            for (double v : values) {
                mean += v;
            }
            mean /= values.length;
            double squares = 0.0;
            for (double v : values) {
                squares += (v - mean) * (v - mean);
            }
            return new Simulated(mean, Math.sqrt(squares / (values.length - 1) / values.length));
        }
    }
}
