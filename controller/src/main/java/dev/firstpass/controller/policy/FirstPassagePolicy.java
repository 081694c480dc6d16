package dev.firstpass.controller.policy;

import dev.firstpass.controller.command.CommandMode;
import dev.firstpass.controller.facts.ExperimentFacts;
import dev.firstpass.core.protocol.Decision;
import dev.firstpass.core.protocol.DecisionType;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.Role;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link ExperimentPolicy} of docs/controller.md: phase rules first, then what they mean for each run.
 * Each evaluation works on a copy of the state; the state itself changes only through {@link #apply}.
 */
final class FirstPassagePolicy implements ExperimentPolicy {

    private final String experiment;
    private final PolicySettings settings;
    private final PhaseRules phases;
    private final RunRules runs;
    private final Refinement refinement;
    private final Hysteresis watch = new Hysteresis();
    private final PolicyState state = new PolicyState();

    FirstPassagePolicy(String experiment, PolicySettings settings) {
        this.experiment = experiment;
        this.settings = settings;
        this.phases = new PhaseRules(settings);
        this.runs = new RunRules(experiment, settings);
        this.refinement = new Refinement(settings);
    }

    @Override
    public List<Decision> decide(ExperimentFacts facts, Instant now) {
        if (state.tau0 != null) {
            FptStats probe = facts.stats(Arms.probe(state.tau0), settings.target()).orElse(null);
            watch.observe(probe, facts.stats(Arms.BASELINE, settings.target()).orElse(null), state);
        }
        PolicyState working = state.copy();
        DecisionWriter out = new DecisionWriter(experiment, settings, working, now);
        runs.refusals(working, facts, out);
        var phaseBefore = working.phase;
        Integer tauBefore = working.tauStar;
        phases.evaluate(working, facts, watch, out);
        if (working.phase == phaseBefore && Objects.equals(working.tauStar, tauBefore)) {
            refinement.evaluate(working, facts, out);
        }
        runs.afterTransition(phaseBefore, tauBefore, working, facts, out);
        runs.assignNewRuns(working, facts, out);
        if (settings.mode() == CommandMode.PERIODIC) {
            runs.kickLimits(working, facts, out);
        } else {
            runs.oneShotKicks(working, facts, out);
        }
        return out.written();
    }

    @Override
    public void apply(Decision decision) {
        if (!decision.experiment().equals(experiment)) {
            throw new IllegalArgumentException("decision for experiment '" + decision.experiment()
                    + "' applied to the policy of '" + experiment + "'");
        }
        state.apply(decision);
        if (decision.type() == DecisionType.PHASE_CHANGED || decision.type() == DecisionType.TAU_CHANGED) {
            watch.reset();
        }
    }

    @Override
    public ExperimentStatus status() {
        Map<Role, Integer> byRole = new EnumMap<>(Role.class);
        int commands = 0;
        for (RunPlan plan : state.plans.values()) {
            if (plan.role != null) {
                byRole.merge(plan.role, 1, Integer::sum);
            }
            commands += plan.commands.size();
        }
        return new ExperimentStatus(experiment, state.phase, state.tau0, state.tauStar, state.tauLow, state.tauHigh,
                byRole, commands);
    }
}
