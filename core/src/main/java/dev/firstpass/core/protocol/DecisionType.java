package dev.firstpass.core.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a {@link Decision} records; written in lower snake case. */
public enum DecisionType {
    /** The experiment moved to another phase (with tau0 or tau* when it enters probe or exploit). */
    PHASE_CHANGED,
    /** tau* moved while exploiting. */
    TAU_CHANGED,
    /** A run got a role and an arm. */
    ARM_ASSIGNED,
    /** A command for one run (published unless dry-run). */
    COMMAND_ISSUED,
    /** A trainer refused one of the controller's commands. */
    REFUSAL_SEEN,
    /**
     * While exploiting, a further probe started to measure a period the reference probe cannot vouch for; for
     * the period a further probe is measuring, its first group left the comparison open and it gets more runs.
     */
    PROBE_ADDED,
    /** A further probe's runs all finished: what it measured, against the best period known so far. */
    PROBE_CONCLUDED;

    /** Whether a decision of this type concerns the whole experiment rather than one run. */
    public boolean experimentWide() {
        return this == PHASE_CHANGED || this == TAU_CHANGED || this == PROBE_ADDED || this == PROBE_CONCLUDED;
    }

    @JsonValue
    public String wireName() {
        return JsonFields.wireName(this);
    }
}
