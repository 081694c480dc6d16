package dev.firstpass.core.fpt.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.firstpass.core.fpt.response.KickPeriods;
import dev.firstpass.core.fpt.response.KickResponse;
import dev.firstpass.core.fpt.survival.KaplanMeier;
import dev.firstpass.core.fpt.survival.SurvivalFunction;
import dev.firstpass.core.fpt.trajectory.Passage;
import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.fpt.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeriodicKicksTest {

    @Test
    void withNoPassagesInTheRelaxedStateTheRenewalFormIsTheTheorysNUForm() {
        // Baseline: 10 runs, 2 pass at 3 and 7, the rest are censored at 50 with QSS hazard 0.01.
        List<Passage> baseline = new ArrayList<>(List.of(Passage.reachedAt(3), Passage.reachedAt(7)));
        for (int i = 0; i < 8; i++) {
            baseline.add(Passage.censoredAt(50));
        }
        SurvivalFunction survival = SurvivalFunction.withQssTail(KaplanMeier.estimate(baseline), 0.01);
        // Probe at tau0 = 20: periods pass at offsets 2..6 or never; none passes after offset 6.
        List<KickPeriods> probe = new ArrayList<>();
        for (int passage : new int[] {22, 23, 24, 25, 26, 0, 0, 45, 63}) {
            probe.add(KickPeriods.of(run(passage, 100), 20, Target.atLeast(1.0)));
        }
        KickResponse response = KickResponse.measure(probe, 20, 8);
        assertThat(response.survival().tailHazard()).isZero();
        MeanTimePredictor renewal = Predictors.periodicKicks(survival, response);
        for (int tau = 8; tau <= 60; tau++) {
            double nu = survival.sumBelow(tau)
                    + survival.at(tau) * ((response.meanKicks() - 1) * tau + response.meanResidual());
            assertThat(renewal.meanTime(tau)).as("tau = %d", tau).isEqualTo(nu, within(1e-9));
        }
    }

    @Test
    void runsThatAllPassBeforeTheFirstKickNeedNoResponse() {
        SurvivalFunction survival = SurvivalFunction.observedOnly(KaplanMeier.estimate(
                List.of(Passage.reachedAt(2), Passage.reachedAt(4))));
        MeanTimePredictor predictor = Predictors.untilFirstKick(survival);
        assertThat(predictor.meanTime(4)).isEqualTo(3.0);
        assertThat(predictor.meanTime(3)).isNaN();
    }

    @Test
    void aKickThatNeverLeadsToPassageGivesAnInfiniteMfpt() {
        SurvivalFunction survival = SurvivalFunction.withQssTail(KaplanMeier.estimate(
                List.of(Passage.censoredAt(30), Passage.reachedAt(5))), 0.0);
        List<KickPeriods> probe = List.of(KickPeriods.of(run(0, 100), 10, Target.atLeast(1.0)));
        MeanTimePredictor predictor = Predictors.periodicKicks(survival, KickResponse.measure(probe, 10, 5));
        assertThat(predictor.meanTime(10)).isInfinite();
    }

    private static Trajectory run(int passage, int epochs) {
        double[] values = new double[epochs];
        for (int epoch = 1; epoch <= epochs; epoch++) {
            values[epoch - 1] = passage > 0 && epoch >= passage ? 1.0 : 0.0;
        }
        return Trajectory.ofEpochValues("run-" + passage, values);
    }
}
