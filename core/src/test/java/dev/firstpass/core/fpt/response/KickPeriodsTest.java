package dev.firstpass.core.fpt.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.fpt.trajectory.Trajectory;
import java.util.List;
import org.junit.jupiter.api.Test;

class KickPeriodsTest {
    private static final Target TARGET = Target.atLeast(1.0);

    @Test
    void aRunPassingAfterTheFirstKickHasOnePassedPeriod() {
        KickPeriods periods = KickPeriods.of(passingAt(25, 100), 20, TARGET);
        assertThat(periods.offsets()).containsExactly(5);
        assertThat(periods.passedAt()).containsExactly(true);
        assertThat(periods.passedAfterKick()).isTrue();
    }

    @Test
    void aRunPassingAtTheKickEpochPassedBeforeTheKick() {
        // The value logged at epoch 20 is the pre-kick value.
        assertThat(KickPeriods.of(passingAt(20, 100), 20, TARGET).count()).isZero();
    }

    @Test
    void periodsOfAnUnpassedRunAreCensoredByTheNextKickAndTheEndOfTheRun() {
        KickPeriods periods = KickPeriods.of(passingAt(0, 95), 20, TARGET);
        assertThat(periods.offsets()).containsExactly(20, 20, 20, 15);
        assertThat(periods.passedAt()).containsExactly(false, false, false, false);
    }

    @Test
    void aRunPassingRightAfterItsThirdKickCountsThreeKicks() {
        KickPeriods periods = KickPeriods.of(passingAt(61, 100), 20, TARGET);
        assertThat(periods.offsets()).containsExactly(20, 20, 1);
        assertThat(periods.kicks()).isEqualTo(3);
    }

    @Test
    void exactKickEpochsOfALiveRunDelimitItsPeriods() {
        // First kick at 15 (whenever the controller started probing), then every 20 epochs.
        KickPeriods periods = KickPeriods.of(passingAt(60, 100), new int[] {15, 35, 55, 75}, TARGET);
        assertThat(periods.offsets()).containsExactly(20, 20, 5);
        assertThat(periods.passedAt()).containsExactly(false, false, true);
    }

    @Test
    void periodicKicksAreTheMultiplesOfThePeriodWithinTheRun() {
        assertThat(KickPeriods.multiplesOf(20, 95)).containsExactly(20, 40, 60, 80);
        assertThat(KickPeriods.of(passingAt(0, 95), 20, TARGET).offsets())
                .containsExactly(KickPeriods.of(passingAt(0, 95), new int[] {20, 40, 60, 80}, TARGET).offsets());
    }

    @Test
    void responseSurvivalAndNUMeansFollowFromThePooledPeriods() {
        // Periods: passes at offset 5; censored 20, 20, 20, 15; censored 20, 20, passes at 1; passes at 10.
        List<KickPeriods> runs = List.of(
                KickPeriods.of(passingAt(25, 100), 20, TARGET),
                KickPeriods.of(passingAt(0, 95), 20, TARGET),
                KickPeriods.of(passingAt(61, 100), 20, TARGET),
                KickPeriods.of(passingAt(30, 100), 20, TARGET));
        KickResponse response = KickResponse.measure(runs, 20, 12);
        // 9 periods at risk at offset 1: 1 passes -> 8/9; offset 5: 8 at risk -> 7/9; offset 10: 7 -> 6/9.
        assertThat(response.survival().at(1)).isEqualTo(8.0 / 9.0, within(1e-12));
        assertThat(response.survival().at(5)).isEqualTo(7.0 / 9.0, within(1e-12));
        assertThat(response.survival().at(20)).isEqualTo(6.0 / 9.0, within(1e-12));
        assertThat(response.periods()).isEqualTo(9);
        assertThat(response.passages()).isEqualTo(3);
        assertThat(response.kickedRuns()).isEqualTo(4);
        assertThat(response.censoredRuns()).isEqualTo(1);
        // E[N] = 1 / (1 - G(20)) = 3.
        assertThat(response.meanKicks()).isEqualTo(3.0, within(1e-12));
        // Relaxed from offset 12: no passages in 9 + 9 + 9 + 4 + 9 + 9 = 49 period-epochs at risk.
        assertThat(response.survival().tailHazard()).isZero();
    }

    /** A run at 0 until {@code passage} (0: never), then at 1, observed for {@code epochs}. */
    static Trajectory passingAt(int passage, int epochs) {
        double[] values = new double[epochs];
        for (int epoch = 1; epoch <= epochs; epoch++) {
            values[epoch - 1] = passage > 0 && epoch >= passage ? 1.0 : 0.0;
        }
        return Trajectory.ofEpochValues("run-" + passage, values);
    }
}
