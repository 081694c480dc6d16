package dev.firstpass.controller.policy;

import static dev.firstpass.controller.policy.PolicyFixture.commands;
import static dev.firstpass.controller.policy.PolicyFixture.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.protocol.Decision;
import dev.firstpass.core.protocol.DecisionType;
import dev.firstpass.core.protocol.Phase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** tau* changes, and exploiting stops, only on evidence that holds for three statistics updates in a row. */
class HysteresisTest {

    /** Exploiting tau* = 8, then two probe updates in a row that predict no better than the baseline. */
    private static PolicyFixture exploitingAfterTwoUpdatesPredictingNoBetter() {
        PolicyFixture f = new PolicyFixture().exploiting();
        f.probeNoBetter(10, 8, 7, 9);
        f.decide();
        f.probeNoBetter(10, 8, 7, 9);
        f.decide();
        return f;
    }

    @Test
    void tauStarMovesOnlyAfterThreeConsecutiveUpdatesOutsideTheIntervalOfTheCurrentOne() {
        PolicyFixture f = new PolicyFixture().exploiting();
        f.probe(10, true, 12, 11, 13);
        f.probe(10, true, 12, 11, 13);
        assertThat(f.decide()).isEmpty();
        f.probe(10, true, 9, 8, 10);
        assertThat(f.decide()).isEmpty();
        f.probe(10, true, 12, 11, 13);
        assertThat(f.decide()).isEmpty();
        f.probe(10, true, 12, 11, 13);
        assertThat(f.decide()).isEmpty();
        // Deciding again on the same statistics is no new evidence.
        assertThat(f.decide()).isEmpty();

        f.probe(10, true, 12, 11, 13);
        List<Decision> decisions = f.decide();

        Decision moved = decisions.get(0);
        assertThat(moved.type()).isEqualTo(DecisionType.TAU_CHANGED);
        assertThat(List.of(moved.tau(), moved.tauLow(), moved.tauHigh())).containsExactly(12, 11, 13);
        assertThat(moved.reason()).startsWith("tau* moved from 8 to 12, outside [7, 9], for 3 consecutive statistics"
                + " updates (new interval [11, 13]): perturb: ");
        assertThat(commands(decisions)).extracting(PolicyFixture::describe)
                .containsExactly("r02 exploit-8 every 12 from 21", "r07 exploit-8 every 12 from 21");
        assertThat(ofType(decisions, DecisionType.COMMAND_ISSUED)).extracting(Decision::commandId)
                .containsExactly("e1/r02/2-exploit-12", "e1/r07/2-exploit-12");
        f.started("r11", true);
        assertThat(commands(f.decide())).extracting(PolicyFixture::describe)
                .containsExactly("r11 exploit-12 every 12 from 12");
    }

    @Test
    void oneRecommendingUpdateResetsTheCountTowardsSwitchingBack() {
        PolicyFixture f = new PolicyFixture().exploiting();
        for (boolean recommend : new boolean[] {false, false, true, false, false}) {
            if (recommend) {
                f.probe(10, true, 8, 7, 9);
            } else {
                f.probeNoBetter(10, 8, 7, 9);
            }
            assertThat(f.decide()).isEmpty();
        }
        assertThat(f.policy.status().phase()).isEqualTo(Phase.EXPLOIT);
    }

    @Test
    void statisticsWithoutAPredictionAreNoEvidenceEitherWay() {
        PolicyFixture f = exploitingAfterTwoUpdatesPredictingNoBetter();
        for (int i = 0; i < 5; i++) {
            f.probeWithoutPrediction(10, "waiting for at least 8 baseline runs (have 7)");
            assertThat(f.decide()).isEmpty();
        }

        f.probeNoBetter(10, 8, 7, 9);

        assertThat(f.decide().get(0).phase()).isEqualTo(Phase.PROBE);
    }

    @Test
    void overlappingIntervalsWithThePredictionStillBelowTheBaselineAreNoEvidenceToStop() {
        PolicyFixture f = exploitingAfterTwoUpdatesPredictingNoBetter();
        // 12.0 [10.0, 14.5] against 40.0: not recommending (say the baseline's interval widened), yet still below.
        for (int i = 0; i < 5; i++) {
            f.probe(10, false, 8, 7, 9);
            assertThat(f.decide()).isEmpty();
        }
        f.probeNoBetter(10, 8, 7, 9);
        assertThat(f.decide()).isEmpty();

        assertThat(f.policy.status().phase()).isEqualTo(Phase.EXPLOIT);
    }

    @Test
    void switchesBackAfterThreeConsecutiveUpdatesPredictingNoBetterThanTheBaselineAndStopsTheExploitedRuns() {
        PolicyFixture f = exploitingAfterTwoUpdatesPredictingNoBetter();

        f.probeNoBetter(10, 8, 7, 9);
        List<Decision> decisions = f.decide();

        Decision back = decisions.get(0);
        assertThat(back.phase()).isEqualTo(Phase.PROBE);
        assertThat(back.tau()).isEqualTo(10);
        assertThat(back.reason()).isEqualTo("probe-10 no longer predicts beating the baseline, for 3 consecutive"
                + " statistics updates: keep training unperturbed: shrink_perturb every 8 epochs: predicted MFPT 45.0"
                + " [30.0, 60.0] vs the baseline's 40.0 [31.5, 52.0], the intervals overlap");
        assertThat(commands(decisions)).extracting(PolicyFixture::describe)
                .containsExactly("r02 exploit-8 stop", "r07 exploit-8 stop");
        assertThat(ofType(decisions, DecisionType.COMMAND_ISSUED)).extracting(Decision::commandId, Decision::reason)
                .containsOnly(org.assertj.core.groups.Tuple.tuple("e1/r02/2-stop",
                        "stop: the probe no longer predicts beating the baseline"),
                        org.assertj.core.groups.Tuple.tuple("e1/r07/2-stop",
                                "stop: the probe no longer predicts beating the baseline"));
    }

    @Test
    void exploitingAgainAfterASwitchBackNeedsThreeRecommendingUpdatesAndLeavesStoppedRunsAlone() {
        PolicyFixture f = new PolicyFixture().exploiting();
        for (int i = 0; i < 3; i++) {
            f.probeNoBetter(10, 8, 7, 9);
            f.decide();
        }
        f.probe(10, true, 8, 7, 9);
        assertThat(f.decide()).isEmpty();
        f.probe(10, true, 8, 7, 9);
        assertThat(f.decide()).isEmpty();

        f.probe(10, true, 8, 7, 9);
        List<Decision> decisions = f.decide();

        assertThat(decisions).extracting(Decision::type).containsExactly(DecisionType.PHASE_CHANGED);
        assertThat(decisions.get(0).reason()).startsWith("probe-10 recommends kicking every 8 epochs (tau* in [7, 9]),"
                + " for 3 consecutive statistics updates: perturb: ");
    }
}
