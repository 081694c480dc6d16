package dev.firstpass.controller.policy;

import dev.firstpass.controller.facts.ExperimentFacts;
import dev.firstpass.core.protocol.Decision;
import java.time.Instant;
import java.util.List;

/**
 * Decides, for one experiment, which runs to perturb, at what period, and when to stop.
 *
 * <p>The state is changed only by {@link #apply}: with the decisions just published, or with those read
 * back from the audit trail after a restart. {@link #decide} therefore has no effect until its
 * decisions are applied, so a publication that failed is simply decided again, with the same ids.
 */
public interface ExperimentPolicy {

    /** What the facts call for now, in order; empty when nothing is to be done. */
    List<Decision> decide(ExperimentFacts facts, Instant now);

    /** Takes a decision into the state. */
    void apply(Decision decision);

    /** Where the policy stands. */
    ExperimentStatus status();

    /**
     * Observe until the baseline is quasi-steady, probe a share of the runs at tau0, then exploit the
     * monitor's tau* once it recommends perturbing, changing tau* or switching back only on consistent
     * evidence; see docs/controller.md.
     */
    static ExperimentPolicy firstPassage(String experiment, PolicySettings settings) {
        return new FirstPassagePolicy(experiment, settings);
    }
}
