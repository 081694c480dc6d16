package dev.firstpass.controller.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.protocol.Decision;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A policy rebuilt from the audit trail decides exactly what the original would, and nothing twice. */
class RestartTest {

    @Test
    void aPolicyRebuiltFromTheTrailRedecidesNothingAndThenDecidesWhatTheOriginalDecides() {
        PolicyFixture original = new PolicyFixture().exploiting();
        original.applied("e1/r02/1-exploit-8", "r02", 21);
        original.decide();
        ExperimentPolicy restarted = ExperimentPolicy.firstPassage(PolicyFixture.EXPERIMENT,
                PolicyFixture.settings(java.util.Map.of()));
        original.trail.forEach(restarted::apply);

        assertThat(restarted.decide(original.facts, original.now())).isEmpty();
        assertThat(restarted.status()).isEqualTo(original.policy.status());

        original.started("r11", true);
        original.started("r12", true);
        Instant now = original.now().plusSeconds(60);
        List<Decision> expected = original.policy.decide(original.facts, now);
        List<Decision> again = restarted.decide(original.facts, now);

        assertThat(expected).isNotEmpty();
        assertThat(again).isEqualTo(expected);
    }

    @Test
    void decidingWithoutApplyingChangesNothing() {
        PolicyFixture f = new PolicyFixture();
        f.runs(4, 20);
        f.baseline(8, 9);
        Instant now = f.now();

        List<Decision> first = f.policy.decide(f.facts, now);
        List<Decision> second = f.policy.decide(f.facts, now);

        assertThat(second).isEqualTo(first);
    }
}
