package dev.firstpass.core.fpt.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.firstpass.core.fpt.trajectory.Passage;
import java.util.List;
import org.junit.jupiter.api.Test;

class KaplanMeierTest {
    private static final double EXACT = 1e-12;

    /** Five runs: passages at 2, 3 and 5, censored at 3 and 5 (worked by hand below). */
    private static final List<Passage> FIVE_RUNS = List.of(
            Passage.reachedAt(2), Passage.censoredAt(3), Passage.reachedAt(3),
            Passage.reachedAt(5), Passage.censoredAt(5));

    @Test
    void survivalMatchesTheHandWorkedProductLimit() {
        SurvivalCurve curve = KaplanMeier.estimate(FIVE_RUNS);
        // u=2: 5 at risk, 1 passes -> 0.8; u=3: 4 at risk (the run censored at 3 still counts), 1 passes
        // -> 0.6; u=5: 2 at risk, 1 passes -> 0.3.
        assertThat(curve.values()).containsExactly(new double[] {1.0, 1.0, 0.8, 0.6, 0.6, 0.3}, within(EXACT));
        assertThat(curve.atRisk(1)).isEqualTo(5);
        assertThat(curve.atRisk(3)).isEqualTo(4);
        assertThat(curve.atRisk(4)).isEqualTo(2);
        assertThat(curve.events(5)).isEqualTo(1);
    }

    @Test
    void greenwoodVarianceMatchesTheHandWorkedSums() {
        SurvivalCurve curve = KaplanMeier.estimate(FIVE_RUNS);
        // Var S(t) = S(t)^2 * sum d / (n (n - d)): 0.64 * 1/20; 0.36 * (1/20 + 1/12); 0.09 * (1/20 + 1/12 + 1/2).
        assertThat(curve.variance(1)).isEqualTo(0.0, within(EXACT));
        assertThat(curve.variance(2)).isEqualTo(0.032, within(EXACT));
        assertThat(curve.variance(3)).isEqualTo(0.048, within(EXACT));
        assertThat(curve.variance(5)).isEqualTo(0.057, within(EXACT));
        assertThat(curve.lowerBand(5, SurvivalCurve.Z95)).isEqualTo(0.0);
        assertThat(curve.upperBand(5, SurvivalCurve.Z95)).isEqualTo(0.3 + SurvivalCurve.Z95 * Math.sqrt(0.057), within(EXACT));
        assertThat(curve.upperBand(2, SurvivalCurve.Z95)).isEqualTo(1.0);
    }

    @Test
    void censoredRunsNeverCountAsPassages() {
        SurvivalCurve curve = KaplanMeier.estimate(List.of(Passage.censoredAt(4), Passage.censoredAt(4)));
        assertThat(curve.values()).containsExactly(1.0, 1.0, 1.0, 1.0, 1.0);
    }

    @Test
    void survivalDropsToZeroWithZeroVarianceWhenEveryRunPasses() {
        SurvivalCurve curve = KaplanMeier.estimate(List.of(Passage.reachedAt(1), Passage.reachedAt(1)));
        assertThat(curve.at(1)).isZero();
        assertThat(curve.variance(1)).isZero();
    }

    @Test
    void anEmptySetOfRunsIsRejected() {
        assertThatThrownBy(() -> KaplanMeier.estimate(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Kaplan-Meier needs at least one run");
    }
}
