package dev.firstpass.cli.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.fpt.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ArmSearchTest {
    private static final int EPOCHS = 40;

    /** Runs that reach 1.0 at exactly {@code passage} (0: never), 0.0 before. */
    private static List<Trajectory> runs(int count, int passage) {
        List<Trajectory> runs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double[] values = new double[EPOCHS];
            for (int e = 1; e <= EPOCHS; e++) {
                values[e - 1] = passage > 0 && e >= passage ? 1.0 : 0.0;
            }
            runs.add(Trajectory.ofEpochValues("r" + i, values));
        }
        return runs;
    }

    private static RecordedGrid grid() {
        TreeMap<Integer, List<Trajectory>> arms = new TreeMap<>();
        arms.put(5, runs(4, 12));
        arms.put(10, runs(4, 20));
        arms.put(20, runs(4, 30));
        return new RecordedGrid("acc", runs(4, 0), arms);
    }

    @Test
    void aUniformGridMeasuresEveryArmThenKeepsTheBest() {
        Fleet fleet = new Fleet(grid(), Target.atLeast(1.0), new FleetSettings(12, 3, 7L), 7L);

        FleetOutcome outcome = fleet.train(ArmSearch.uniformGrid(List.of(5, 10, 20), 2));

        // Six grid runs (two per arm), all of the same length, then six runs at the best arm, 5.
        assertThat(outcome.adopted()).isEqualTo(5);
        assertThat(outcome.explorationEpochs()).isEqualTo(6L * EPOCHS);
        assertThat(outcome.totalEpochs()).isEqualTo(12L * EPOCHS);
        assertThat(outcome.reached()).isEqualTo(12);
        // Times: 2 x (12 + 20 + 30) from the grid, whose six runs train in two waves of three; the other
        // six runs start once both waves ended, all at 5: 6 x 12.
        assertThat(outcome.meanTime()).isEqualTo((2 * (12 + 20 + 30) + 6 * 12) / 12.0);
        // Arm 5 has 4 recorded runs and trains 8: 4 are handed out again.
        assertThat(outcome.repeatedRuns()).isEqualTo(4);
    }

    @Test
    void successiveHalvingKeepsTheBetterHalfUntilOneArmIsLeft() {
        Fleet fleet = new Fleet(grid(), Target.atLeast(1.0), new FleetSettings(30, 3, 7L), 7L);

        FleetOutcome outcome = fleet.train(ArmSearch.successiveHalving(List.of(5, 10, 20), 1));

        // Round 1: one run per arm; round 2: two runs at each of the better two (5 and 10); then 5.
        assertThat(outcome.adopted()).isEqualTo(5);
        assertThat(outcome.explorationEpochs()).isEqualTo(7L * EPOCHS);
        assertThat(outcome.notes()).isEqualTo("2 rounds");
        // Arm 5 has 4 recorded runs; 30 runs draw it more often than that.
        assertThat(outcome.repeatedRuns()).isPositive();
    }

    @Test
    void regretIsMeasuredAgainstTheBestArmAndInterpolatedBetweenArms() {
        Map<Integer, RecordedGrid.Measured> truth = grid().truth(Target.atLeast(1.0));

        assertThat(truth.get(5).mfpt()).isEqualTo(12.0);
        assertThat(truth.get(RecordedGrid.BASELINE).mfpt()).isEqualTo(EPOCHS);
        assertThat(truth.get(RecordedGrid.BASELINE).censored()).isEqualTo(4);
        assertThat(RecordedGrid.at(truth, 15).getAsDouble()).isEqualTo(25.0);
        assertThat(RecordedGrid.at(truth, 30)).isEmpty();
    }

    @Test
    void quartilesFollowTheUsualInterpolation() {
        Spread spread = Spread.of(new double[] {4, 1, 3, 2});

        assertThat(spread.median()).isEqualTo(2.5);
        assertThat(spread.low()).isEqualTo(1.75);
        assertThat(spread.high()).isEqualTo(3.25);
    }
}
