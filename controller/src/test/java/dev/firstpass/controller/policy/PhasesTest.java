package dev.firstpass.controller.policy;

import static dev.firstpass.controller.policy.PolicyFixture.commands;
import static dev.firstpass.controller.policy.PolicyFixture.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.controller.ControllerConfig;
import dev.firstpass.core.protocol.Decision;
import dev.firstpass.core.protocol.DecisionType;
import dev.firstpass.core.protocol.Phase;
import dev.firstpass.core.protocol.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Observe, then probe, then exploit, each on the monitor's statistics. */
class PhasesTest {

    @Test
    void observesUntilTheBaselineIsQuasiSteadyWithEnoughRuns() {
        PolicyFixture f = new PolicyFixture(Map.of(ControllerConfig.BASELINE_RUNS.key(), "8"));
        f.runs(10, 20);
        assertThat(f.decide()).isEmpty();
        f.baseline(10, null);
        assertThat(f.decide()).isEmpty();
        f.baseline(7, 9);
        assertThat(f.decide()).isEmpty();

        f.baseline(8, 9);
        Decision probe = f.decide().get(0);

        assertThat(probe.type()).isEqualTo(DecisionType.PHASE_CHANGED);
        assertThat(probe.phase()).isEqualTo(Phase.PROBE);
        assertThat(probe.tau()).isEqualTo(10);
        assertThat(probe.sequence()).isEqualTo(1);
        assertThat(probe.reason()).isEqualTo("the baseline is quasi-steady from epoch 9 with 8 runs (at least 8"
                + " needed): probing every 10 epochs, max(t_QSS 9, minimum 10) rounded up to a multiple of 1");
        assertThat(probe.evidence().statsArm()).isEqualTo("baseline");
        assertThat(probe.evidence().tQss()).isEqualTo(9);
        assertThat(probe.evidence().baselineMfpt()).isEqualTo(40.0);
    }

    @Test
    void theAutomaticProbePeriodIsTheLongerOfTQssAndTheMinimumRoundedUpToTheStep() {
        PolicySettings auto = PolicyFixture.settings(Map.of(ControllerConfig.PROBE_PERIOD_STEP.key(), "5"));
        PolicySettings fixed = PolicyFixture.settings(Map.of(ControllerConfig.PROBE_PERIOD.key(), "8"));

        assertThat(List.of(auto.probePeriodFor(3), auto.probePeriodFor(10), auto.probePeriodFor(11),
                auto.probePeriodFor(17))).containsExactly(10, 10, 15, 20);
        assertThat(List.of(fixed.probePeriodFor(5), fixed.probePeriodFor(9))).containsExactly(8, 9);
    }

    @Test
    void probingSendsASeededShareOfTheRunningRunsAPeriodicScheduleFromTheNextEpochAndLeavesTheRestAlone() {
        PolicyFixture f = new PolicyFixture();
        f.runs(10, 20);
        f.baseline(10, 9);

        List<Decision> decisions = f.decide();

        List<Decision> assigned = ofType(decisions, DecisionType.ARM_ASSIGNED);
        assertThat(assigned).extracting(d -> d.runId() + " " + d.role().wireName() + " " + d.arm()).containsExactly(
                "r01 probe probe-10", "r02 baseline baseline", "r03 probe probe-10", "r04 probe probe-10",
                "r05 probe probe-10", "r06 baseline baseline", "r07 baseline baseline", "r08 probe probe-10",
                "r09 probe probe-10", "r10 probe probe-10");
        assertThat(commands(decisions)).extracting(PolicyFixture::describe).containsExactly(
                "r01 probe-10 every 10 from 21", "r03 probe-10 every 10 from 21", "r04 probe-10 every 10 from 21",
                "r05 probe-10 every 10 from 21", "r08 probe-10 every 10 from 21", "r09 probe-10 every 10 from 21",
                "r10 probe-10 every 10 from 21");
        Decision first = ofType(decisions, DecisionType.COMMAND_ISSUED).get(0);
        assertThat(first.commandId()).isEqualTo("e1/r01/1-probe-10");
        assertThat(first.reason()).isEqualTo("probe: kick every 10 epochs from epoch 21, the first epoch at least 1"
                + " after the run's last (20) and at least tau0 (tau0 >= t_QSS 9)");
        assertThat(first.command().params()).containsExactly(Map.entry("shrink", 0.4), Map.entry("perturb", 0.1));
        assertThat(decisions).extracting(Decision::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L,
                11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L);
    }

    @Test
    void aRunStartingWhileProbingJoinsTheProbeAndIsFirstKickedAfterTau0() {
        PolicyFixture f = new PolicyFixture();
        f.runs(8, 20);
        f.baseline(8, 9);
        f.decide();

        f.started("r10", true);
        List<Decision> decisions = f.decide();

        assertThat(commands(decisions)).extracting(PolicyFixture::describe)
                .containsExactly("r10 probe-10 every 10 from 10");

    }

    @Test
    void runsStartingWhileProbingFillTheProbeUpToTheMinimumBeforeAnyDraw() {
        PolicyFixture f = new PolicyFixture(Map.of(ControllerConfig.MIN_RUNS.key(), "6"));
        f.runs(6, 20);
        f.baseline(6, 9);
        f.decide();
        long drawnIntoProbe = f.policy.status().runsByRole().getOrDefault(Role.PROBE, 0);

        List<String> reasons = new ArrayList<>();
        for (int i = 10; i < 20; i++) {
            f.started("r" + i, true);
            ofType(f.decide(), DecisionType.ARM_ASSIGNED).forEach(d -> reasons.add(d.reason()));
        }

        int filling = (int) (6 - drawnIntoProbe);
        assertThat(reasons.subList(0, filling)).allMatch(r -> r.startsWith("starts while probing and joins the probe"));
        assertThat(reasons.subList(filling, reasons.size())).allMatch(r -> r.startsWith("drawn into the"));
        assertThat(f.policy.status().runsByRole().get(Role.PROBE)).isGreaterThanOrEqualTo(6);
    }

    @Test
    void aRunStartingWhileProbingStaysUnperturbedWhileMoreProbeRunsCouldNotBringARecommendation() {
        PolicyFixture f = new PolicyFixture(Map.of(ControllerConfig.MIN_RUNS.key(), "2"));
        f.runs(10, 20);
        f.baseline(10, 9);
        f.decide();
        f.probeNoBetter(10, 8, 7, 9);
        f.decide();

        f.started("r11", true);
        List<Decision> assigned = ofType(f.decide(), DecisionType.ARM_ASSIGNED);

        // 45.0 [30.0, 60.0] halved about 45.0 reaches 52.5, above the baseline's 40.0; at 10, 42.0 is above it too.
        assertThat(assigned).extracting(d -> d.runId() + " " + d.role().wireName() + ": " + d.reason())
                .containsExactly("r11 baseline: stays unperturbed: probe-10 predicts 45.0 epochs [30.0, 60.0] at tau* 8"
                        + " against the baseline's 40.0: even halved about the prediction, as four times its runs"
                        + " would, the interval reaches 52.5, so more probe runs would not bring a recommendation; and"
                        + " at its own period, 10, it predicts 50.0 [42.0, 65.0], wholly slower than the baseline, so"
                        + " it is never commanded");
        // An update that brings a recommendation within reach (12.0 [10.0, 14.5]) opens the probe to new runs again.
        f.probe(10, false, 8, 7, 9);
        f.decide();
        f.started("r12", true);
        assertThat(ofType(f.decide(), DecisionType.ARM_ASSIGNED)).singleElement()
                .satisfies(d -> assertThat(d.reason()).startsWith("drawn into the"));
    }

    @Test
    void aRecommendationStartsExploitingTauStarOnTheBaselineRunsOutsideTheHoldoutAndOnNewRuns() {
        PolicyFixture f = new PolicyFixture();
        f.runs(10, 20);
        f.baseline(10, 9);
        f.decide();
        f.probe(10, false, 8, 7, 9);
        assertThat(f.decide()).isEmpty();

        f.probe(10, true, 8, 7, 9);
        List<Decision> decisions = f.decide();

        Decision exploit = decisions.get(0);
        assertThat(exploit.phase()).isEqualTo(Phase.EXPLOIT);
        assertThat(List.of(exploit.tau(), exploit.tauLow(), exploit.tauHigh())).containsExactly(8, 7, 9);
        assertThat(exploit.reason()).isEqualTo("probe-10 recommends kicking every 8 epochs (tau* in [7, 9]): perturb:"
                + " shrink_perturb every 8 epochs: predicted MFPT 12.0 [10.0, 14.5] vs the baseline's 40.0 [31.5, 52.0],"
                + " wholly below");
        assertThat(List.of(exploit.evidence().predictedMfpt(), exploit.evidence().predictedLow(),
                exploit.evidence().predictedHigh(), exploit.evidence().baselineMfpt(), exploit.evidence().baselineLow(),
                exploit.evidence().baselineHigh())).containsExactly(12.0, 10.0, 14.5, 40.0, 31.5, 52.0);
        assertThat(ofType(decisions, DecisionType.ARM_ASSIGNED)).extracting(d -> d.runId() + " " + d.role().wireName())
                .containsExactly("r02 exploit", "r06 holdout", "r07 exploit");
        assertThat(commands(decisions)).extracting(PolicyFixture::describe).containsExactly(
                "r02 exploit-8 every 8 from 21", "r07 exploit-8 every 8 from 21");

        f.started("r11", true);
        assertThat(commands(f.decide())).extracting(PolicyFixture::describe)
                .containsExactly("r11 exploit-8 every 8 from 8");
        assertThat(f.policy.status().summary())
                .isEqualTo("e1: exploit, tau0 10, tau* 8 [7, 9], runs: holdout 1, probe 7, exploit 3; 10 commands");
    }

    @Test
    void exploitingLeavesTheBaselineAtLeastTheMinimumNumberOfRuns() {
        PolicyFixture f = new PolicyFixture(Map.of(ControllerConfig.MIN_RUNS.key(), "2"));
        f.exploiting();

        assertThat(ofType(f.trail, DecisionType.ARM_ASSIGNED)).filteredOn(d -> d.phase() == Phase.EXPLOIT)
                .extracting(d -> d.runId() + " " + d.role().wireName() + ": " + d.reason()).containsExactly(
                        "r02 exploit: exploits tau* = 8 (draw 0.288 >= holdout share 0.2)",
                        "r06 holdout: held out as baseline (draw 0.073 < holdout share 0.2), so it is never commanded",
                        "r07 holdout: held out as baseline, which must keep at least 2 runs (it has 2), so it is never"
                                + " commanded");
    }

    @Test
    void statusCountsTheRunsOfEachRole() {
        PolicyFixture f = new PolicyFixture();
        f.runs(10, 20);
        f.baseline(10, 9);
        f.decide();

        ExperimentStatus status = f.policy.status();

        assertThat(status.runsByRole()).containsExactly(Map.entry(Role.BASELINE, 3), Map.entry(Role.PROBE, 7));
        assertThat(status.summary()).isEqualTo("e1: probe, tau0 10, runs: baseline 3, probe 7; 7 commands");
    }
}
