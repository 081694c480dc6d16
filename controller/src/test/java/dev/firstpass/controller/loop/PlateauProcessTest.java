package dev.firstpass.controller.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The closed loop's ground truth: the exact MFPT of {@link PlateauProcess} against a side simulation. */
class PlateauProcessTest {

    private static double simulatedMfpt(int tau, int runs) {
        SplittableRandom seeds = new SplittableRandom(42);
        long total = 0;
        for (int i = 0; i < runs; i++) {
            total += PlateauProcess.passage(seeds.nextLong(), tau);
        }
        return (double) total / runs;
    }

    @Test
    void theExactMfptMatchesASimulationOfTheProtocol() {
        for (int tau : new int[] {4, 7, 12}) {
            assertThat(simulatedMfpt(tau, 40_000)).as("tau " + tau)
                    .isCloseTo(PlateauProcess.exactMfpt(tau), within(0.02 * PlateauProcess.exactMfpt(tau)));
        }
    }

    @Test
    void theBestPeriodIsSevenWhereTheLastKickInducedExcursionStillComesBeforeTheNextKick() {
        assertThat(PlateauProcess.bestPeriod(1, 50)).isEqualTo(7);
        assertThat(PlateauProcess.bestPeriod(9, 50)).isEqualTo(9);
        assertThat(PlateauProcess.exactMfpt(7)).isLessThan(PlateauProcess.exactMfpt(6))
                .isLessThan(PlateauProcess.exactMfpt(8));
    }
}
