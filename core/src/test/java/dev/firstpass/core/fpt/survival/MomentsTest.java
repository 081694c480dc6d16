package dev.firstpass.core.fpt.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.firstpass.core.fpt.trajectory.Passage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MomentsTest {
    private static final double EXACT = 1e-12;

    @Test
    void completeSurvivalGivesTheSampleMoments() {
        // T in {1, 2, 3}: mean 2, second moment 14/3, CV sqrt(2/3) / 2.
        Moments moments = Moments.of(SurvivalFunction.observedOnly(KaplanMeier.estimate(
                List.of(Passage.reachedAt(1), Passage.reachedAt(2), Passage.reachedAt(3)))));
        assertThat(moments.mean()).isEqualTo(2.0, within(EXACT));
        assertThat(moments.secondMoment()).isEqualTo(14.0 / 3.0, within(EXACT));
        assertThat(moments.cv()).isEqualTo(Math.sqrt(2.0 / 3.0) / 2.0, within(EXACT));
        assertThat(moments.extrapolated()).isFalse();
        assertThat(moments.lowerBound()).isFalse();
    }

    @Test
    void unfinishedSurvivalIsExtrapolatedWithTheQssHazard() {
        // Half the runs pass at epoch 1, the rest are censored there; with h = 1/4 after that,
        // T = 1 + Geometric(1/4) for them: E[T] = 1 + 0.5 * 4 = 3 and E[T^2] = 0.5 + 0.5 * E[(1 + G)^2] = 19.
        SurvivalCurve curve = KaplanMeier.estimate(halfPassHalfCensoredAtOne());
        Moments moments = Moments.of(SurvivalFunction.withQssTail(curve, 0.25));
        assertThat(moments.mean()).isEqualTo(3.0, within(EXACT));
        assertThat(moments.secondMoment()).isEqualTo(19.0, within(EXACT));
        assertThat(moments.cv()).isEqualTo(Math.sqrt(10.0) / 3.0, within(EXACT));
        assertThat(moments.extrapolated()).isTrue();
    }

    @Test
    void withoutAQssTheMomentsAreOnlyLowerBounds() {
        Moments moments = Moments.of(SurvivalFunction.observedOnly(KaplanMeier.estimate(halfPassHalfCensoredAtOne())));
        // E[min(T, 2)] = S(0) + S(1) = 1.5.
        assertThat(moments.mean()).isEqualTo(1.5, within(EXACT));
        assertThat(moments.lowerBound()).isTrue();
        assertThat(moments.cv()).isNaN();
    }

    @Test
    void aZeroQssHazardWithUnpassedRunsMeansTheyNeverPass() {
        Moments moments = Moments.of(SurvivalFunction.withQssTail(KaplanMeier.estimate(halfPassHalfCensoredAtOne()), 0.0));
        assertThat(moments.mean()).isInfinite();
        assertThat(moments.extrapolated()).isTrue();
    }

    @Test
    void partialSumsBeyondTheHorizonFollowTheGeometricTail() {
        SurvivalFunction survival = SurvivalFunction.withQssTail(KaplanMeier.estimate(halfPassHalfCensoredAtOne()), 0.25);
        // S = 1, 0.5, 0.375, 0.28125: the mean of min(T, 4) is their sum.
        assertThat(survival.at(3)).isEqualTo(0.28125, within(EXACT));
        assertThat(survival.sumBelow(4)).isEqualTo(2.15625, within(EXACT));
        assertThat(survival.extrapolatedPartBelow(4)).isEqualTo(0.65625, within(EXACT));
        assertThat(survival.sumBelow(2)).isEqualTo(1.5, within(EXACT));
    }

    private static List<Passage> halfPassHalfCensoredAtOne() {
        List<Passage> passages = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            passages.add(Passage.reachedAt(1));
            passages.add(Passage.censoredAt(1));
        }
        return passages;
    }
}
