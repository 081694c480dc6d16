package dev.firstpass.controller.policy;

import static dev.firstpass.controller.policy.PolicyFixture.commands;
import static dev.firstpass.controller.policy.PolicyFixture.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.controller.ControllerConfig;
import dev.firstpass.core.protocol.Decision;
import dev.firstpass.core.protocol.DecisionType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** In one-shot mode each kick is its own next-epoch command, sent when the run reports the epoch it is due after. */
class OneShotTest {

    private static PolicyFixture probing() {
        PolicyFixture f = new PolicyFixture(Map.of(ControllerConfig.COMMAND_MODE.key(), "one-shot"));
        f.runs(1, 20);
        f.baseline(8, 9);
        f.decide();
        return f;
    }

    @Test
    void anAssignmentAloneSendsNothing() {
        PolicyFixture f = new PolicyFixture(Map.of(ControllerConfig.COMMAND_MODE.key(), "one-shot"));
        f.runs(1, 20);
        f.baseline(8, 9);

        List<Decision> decisions = f.decide();

        assertThat(decisions).extracting(Decision::type).containsExactly(DecisionType.PHASE_CHANGED,
                DecisionType.ARM_ASSIGNED);
        assertThat(decisions.get(1).epoch()).isEqualTo(21);
        assertThat(decisions.get(1).tau()).isEqualTo(10);
    }

    @Test
    void eachKickIsSentOnceItIsDueAndTheNextIsDueAPeriodAfterTheAcknowledgedOne() {
        PolicyFixture f = probing();
        f.epoch("r01", 21);
        List<Decision> first = f.decide();
        assertThat(commands(first)).extracting(PolicyFixture::describe).containsExactly("r01 probe-10 next epoch");
        assertThat(first.get(0).commandId()).isEqualTo("e1/r01/1-kick-21");
        assertThat(first.get(0).reason())
                .isEqualTo("one-shot kick due after epoch 21 (every 10 epochs); the run reported epoch 21");

        // Unanswered: no second command for the same kick.
        f.epoch("r01", 22);
        assertThat(f.decide()).isEmpty();
        // The trainer got it late and kicked after epoch 22, so the next kick is due after 32, not 31.
        f.applied("e1/r01/1-kick-21", "r01", 22);
        f.epoch("r01", 31);
        assertThat(f.decide()).isEmpty();
        f.epoch("r01", 32);
        assertThat(ofType(f.decide(), DecisionType.COMMAND_ISSUED)).extracting(Decision::commandId, Decision::epoch)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("e1/r01/2-kick-32", 32));
    }
}
