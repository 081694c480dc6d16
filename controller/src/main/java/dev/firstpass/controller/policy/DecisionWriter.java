package dev.firstpass.controller.policy;

import dev.firstpass.controller.command.CommandIds;
import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.Decision;
import dev.firstpass.core.protocol.DecisionType;
import dev.firstpass.core.protocol.Evidence;
import dev.firstpass.core.protocol.Phase;
import dev.firstpass.core.protocol.Role;
import dev.firstpass.core.protocol.Schedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one evaluation's decisions: numbers them, stamps them, and applies each to the working copy of
 * the state, so that later rules of the same evaluation see what earlier ones decided.
 */
final class DecisionWriter {

    private final String experiment;
    private final PolicySettings settings;
    private final PolicyState working;
    private final Instant now;
    private final List<Decision> written = new ArrayList<>();

    DecisionWriter(String experiment, PolicySettings settings, PolicyState working, Instant now) {
        this.experiment = experiment;
        this.settings = settings;
        this.working = working;
        this.now = now;
    }

    List<Decision> written() {
        return List.copyOf(written);
    }

    void phase(Phase to, Integer tau, Integer low, Integer high, Evidence evidence, String reason) {
        emit(new Decision(experiment, next(), DecisionType.PHASE_CHANGED, to, null, null, null, tau, low, high, null,
                null, null, false, evidence, reason, now));
    }

    void tauChanged(int tau, Integer low, Integer high, Evidence evidence, String reason) {
        emit(new Decision(experiment, next(), DecisionType.TAU_CHANGED, working.phase, null, null, null, tau, low, high,
                null, null, null, false, evidence, reason, now));
    }

    void probeAdded(int tau, Evidence evidence, String reason) {
        emit(new Decision(experiment, next(), DecisionType.PROBE_ADDED, working.phase, null, null, Arms.probe(tau), tau,
                null, null, null, null, null, false, evidence, reason, now));
    }

    void probeConcluded(int tau, Evidence evidence, String reason) {
        emit(new Decision(experiment, next(), DecisionType.PROBE_CONCLUDED, working.phase, null, null, Arms.probe(tau),
                tau, null, null, null, null, null, false, evidence, reason, now));
    }

    void assign(String runId, Role role, String arm, Integer period, Integer fromEpoch, String reason) {
        emit(new Decision(experiment, next(), DecisionType.ARM_ASSIGNED, working.phase, runId, role, arm, period, null,
                null, fromEpoch, null, null, false, working.evidence, reason, now));
    }

    /**
     * A command to {@code runId}; its id is the run's next command number and {@code action}, so deciding
     * it again gives the same id.
     */
    void command(String runId, String action, Schedule schedule, String arm, Integer period, Integer epoch,
            String reason) {
        RunPlan plan = working.plan(runId);
        int number = plan == null ? 1 : plan.commands.size() + 1;
        String id = CommandIds.of(experiment, runId, number, action);
        Command command = new Command(id, experiment, runId, settings.kind(), settings.params(), schedule, now, arm);
        emit(new Decision(experiment, next(), DecisionType.COMMAND_ISSUED, working.phase, runId, null, arm, period,
                null, null, epoch, id, command, settings.dryRun(), working.evidence, reason, now));
    }

    void refusal(String runId, String commandId, String reason) {
        emit(new Decision(experiment, next(), DecisionType.REFUSAL_SEEN, working.phase, runId, null, null, null, null,
                null, null, commandId, null, false, working.evidence, reason, now));
    }

    private long next() {
        return working.sequence + 1;
    }

    private void emit(Decision decision) {
        working.apply(decision);
        written.add(decision);
    }
}
