package dev.firstpass.controller.policy;

import static dev.firstpass.controller.policy.PolicyFixture.commands;
import static dev.firstpass.controller.policy.PolicyFixture.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.firstpass.controller.ControllerConfig;
import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.Decision;
import dev.firstpass.core.protocol.DecisionType;
import dev.firstpass.core.protocol.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules that keep the controller from commanding what it must not. */
class SafetyTest {

    @Test
    void onlyRunsThatAnnouncedThemselvesControllableWithoutAnArmOfTheirOwnAreCommanded() {
        PolicyFixture f = new PolicyFixture();
        f.started("quiet", false);
        f.startedInArm("mine", "lr-sweep");
        f.epoch("ghost", 20);
        f.applied("e1/ghost/1-probe-10", "ghost", 20);
        f.baseline(8, 9);

        List<Decision> decisions = f.decide();

        assertThat(ofType(decisions, DecisionType.ARM_ASSIGNED)).extracting(Decision::runId, Decision::role,
                Decision::reason).containsExactly(
                        tuple("mine", Role.EXCLUDED, "it announced its own arm 'lr-sweep', which a run keeps, so it is"
                                + " never commanded"),
                        tuple("quiet", Role.EXCLUDED, "it did not announce itself controllable, so it is never"
                                + " commanded"));
        assertThat(commands(decisions)).isEmpty();
        assertThat(decisions).noneMatch(d -> "ghost".equals(d.runId()));
    }

    @Test
    void unknownRunsAreNeverCommandedEvenWhenTheyReportEpochsInOneShotMode() {
        PolicyFixture f = new PolicyFixture(Map.of(ControllerConfig.COMMAND_MODE.key(), "one-shot"));
        f.baseline(8, 9);
        f.decide();
        for (int epoch = 1; epoch <= 40; epoch++) {
            f.epoch("ghost", epoch);
            assertThat(f.decide()).isEmpty();
        }
    }

    @Test
    void finishedRunsAreNeverCommanded() {
        PolicyFixture f = new PolicyFixture();
        f.runs(10, 20);
        f.finished("r01", 20);
        f.baseline(10, 9);
        assertThat(f.decide()).noneMatch(d -> "r01".equals(d.runId()));
        f.probe(10, true, 8, 7, 9);
        f.decide();
        f.finished("r02", 25);

        for (int i = 0; i < 3; i++) {
            f.probe(10, true, 12, 11, 13);
            f.decide();
        }

        assertThat(commands(f.trail)).filteredOn(c -> c.runId().equals("r02")).extracting(Command::commandId)
                .containsExactly("e1/r02/1-exploit-8");
        assertThat(commands(f.trail)).extracting(Command::commandId).contains("e1/r07/2-exploit-12");
    }

    @Test
    void inPeriodicModeAScheduleIsStoppedOnceItsAcknowledgedKicksReachTheLimit() {
        PolicyFixture f = new PolicyFixture(Map.of(ControllerConfig.MAX_KICKS_PER_RUN.key(), "3"));
        f.runs(1, 20);
        f.baseline(8, 9);
        f.decide();
        f.applied("e1/r01/1-probe-10", "r01", 21);
        f.applied("e1/r01/1-probe-10", "r01", 31);
        assertThat(f.decide()).isEmpty();

        f.applied("e1/r01/1-probe-10", "r01", 41);
        List<Decision> decisions = f.decide();

        assertThat(decisions).extracting(Decision::commandId, Decision::reason)
                .containsExactly(tuple("e1/r01/2-stop", "stop: 3 kicks applied, the most allowed per run"));
        assertThat(f.decide()).isEmpty();
        assertThat(f.policy.status().runsByRole()).containsEntry(Role.STOPPED, 1);
    }

    @Test
    void inOneShotModeNoMoreKicksAreCommandedThanTheLimit() {
        PolicyFixture f = new PolicyFixture(Map.of(ControllerConfig.COMMAND_MODE.key(), "one-shot",
                ControllerConfig.MAX_KICKS_PER_RUN.key(), "2"));
        f.runs(1, 20);
        f.baseline(8, 9);
        f.decide();
        for (int epoch = 21; epoch <= 60; epoch++) {
            f.epoch("r01", epoch);
            for (Decision decision : f.decide()) {
                if (decision.command() != null) {
                    f.applied(decision.commandId(), "r01", epoch);
                }
            }
        }

        assertThat(commands(f.trail)).extracting(Command::commandId).containsExactly("e1/r01/1-kick-21",
                "e1/r01/2-kick-31");
        assertThat(f.trail.get(f.trail.size() - 1).reason())
                .isEqualTo("kick limit: 2 one-shot kicks commanded, the most allowed per run");
    }

    @Test
    void dryRunDecidesCommandsButMarksThemNotToBeSent() {
        PolicyFixture f = new PolicyFixture(Map.of(ControllerConfig.DRY_RUN.key(), "true"));
        f.runs(4, 20);
        f.baseline(8, 9);

        List<Decision> decisions = f.decide();

        assertThat(ofType(decisions, DecisionType.COMMAND_ISSUED)).isNotEmpty().allMatch(Decision::dryRun);
        assertThat(decisions).filteredOn(d -> d.type() != DecisionType.COMMAND_ISSUED).noneMatch(Decision::dryRun);
    }

    @Test
    void aRefusalIsRecordedOnceAndTheRunIsNotCommandedAgain() {
        PolicyFixture f = new PolicyFixture(Map.of(ControllerConfig.COMMAND_MODE.key(), "one-shot"));
        f.runs(1, 20);
        f.baseline(8, 9);
        f.decide();
        f.epoch("r01", 21);
        f.decide();

        f.refused("e1/r01/1-kick-21", "r01", "shrink_perturb is not supported by this trainer");
        List<Decision> decisions = f.decide();

        assertThat(decisions).extracting(Decision::type, Decision::commandId, Decision::reason).containsExactly(
                tuple(DecisionType.REFUSAL_SEEN, "e1/r01/1-kick-21", "run r01 refused command e1/r01/1-kick-21:"
                        + " shrink_perturb is not supported by this trainer; it is not commanded again"));
        for (int epoch = 22; epoch <= 60; epoch++) {
            f.epoch("r01", epoch);
            assertThat(f.decide()).isEmpty();
        }
    }

    @Test
    void aRefusedRunIsLeftOutWhenTauStarChanges() {
        PolicyFixture f = new PolicyFixture().exploiting();
        f.refused("e1/r02/1-exploit-8", "r02", "the run is checkpointing");
        assertThat(f.decide()).extracting(Decision::type).containsExactly(DecisionType.REFUSAL_SEEN);

        for (int i = 0; i < 3; i++) {
            f.probe(10, true, 12, 11, 13);
            f.decide();
        }

        assertThat(commands(f.trail)).filteredOn(c -> c.runId().equals("r02")).hasSize(1);
        assertThat(commands(f.trail)).filteredOn(c -> c.runId().equals("r07")).hasSize(2);
    }
}
