package dev.firstpass.controller.audit;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

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
    REFUSAL_SEEN;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
