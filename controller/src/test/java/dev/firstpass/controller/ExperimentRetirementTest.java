package dev.firstpass.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.controller.facts.ExperimentFacts;
import dev.firstpass.core.protocol.RunFinished;
import dev.firstpass.core.protocol.RunStarted;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ExperimentRetirementTest {

    private static final Instant T0 = Instant.parse("2025-02-06T12:00:00Z");
    private static final Duration RETENTION = Duration.ofHours(1);

    private final Map<String, ExperimentFacts> facts = new TreeMap<>();
    private final ExperimentRetirement retirement = new ExperimentRetirement(RETENTION);

    private void started(String experiment, String run, Instant at) {
        facts.computeIfAbsent(experiment, ExperimentFacts::new)
                .record(new RunStarted(experiment, run, null, at, 1L, 10, true, Map.of()));
        retirement.changed(experiment, at);
    }

    private void finished(String experiment, String run, Instant at) {
        facts.get(experiment).record(new RunFinished(experiment, run, at, RunFinished.Reason.COMPLETED, 10));
        retirement.changed(experiment, at);
    }

    @Test
    void anExperimentIsDueOnceEveryRunFinishedAndItStayedQuietForTheRetention() {
        started("e1", "r1", T0);
        started("e1", "r2", T0);
        finished("e1", "r1", T0.plusSeconds(60));
        finished("e1", "r2", T0.plusSeconds(120));

        assertThat(retirement.due(facts, T0.plusSeconds(120).plus(RETENTION).minusMillis(1))).isEmpty();
        assertThat(retirement.due(facts, T0.plusSeconds(120).plus(RETENTION))).containsExactly("e1");

        retirement.retire("e1");
        assertThat(retirement.isRetired("e1")).isTrue();
        assertThat(retirement.due(facts, T0.plus(Duration.ofDays(1)))).isEmpty();
        assertThat(retirement.retiredCount()).isEqualTo(1);
    }

    @Test
    void anExperimentWithARunStillGoingIsNeverDueHoweverQuiet() {
        started("e1", "r1", T0);
        started("e1", "r2", T0);
        finished("e1", "r1", T0.plusSeconds(60));

        assertThat(retirement.due(facts, T0.plus(Duration.ofDays(30)))).isEmpty();
    }

    @Test
    void aLateChangeRestartsTheWait() {
        started("e1", "r1", T0);
        finished("e1", "r1", T0);
        retirement.changed("e1", T0.plus(Duration.ofMinutes(50)));

        assertThat(retirement.due(facts, T0.plus(RETENTION))).isEmpty();
        assertThat(retirement.due(facts, T0.plus(Duration.ofMinutes(110)))).containsExactly("e1");
    }

    @Test
    void aZeroRetentionKeepsEveryExperiment() {
        ExperimentRetirement keepAll = new ExperimentRetirement(Duration.ZERO);
        started("e1", "r1", T0);
        finished("e1", "r1", T0);
        keepAll.changed("e1", T0);

        assertThat(keepAll.due(facts, T0.plus(Duration.ofDays(365)))).isEmpty();
    }
}
