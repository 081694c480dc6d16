package dev.firstpass.core.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** What the controller does with one run; written in lower case. */
public enum Role {
    /** Left unperturbed to serve as the baseline; never commanded. */
    BASELINE,
    /** Left unperturbed while the others are exploited, so the baseline keeps being measured; never commanded. */
    HOLDOUT,
    /** Kicked every tau0 epochs to measure the response to kicks. */
    PROBE,
    /** Kicked every tau* epochs. */
    EXPLOIT,
    /** Was kicked, and told to stop (switch back or kick limit); not commanded again. */
    STOPPED,
    /** Never commanded: it did not announce itself controllable, or it named its own arm. */
    EXCLUDED;

    @JsonValue
    public String wireName() {
        return JsonFields.wireName(this);
    }

    /** Whether runs in this role receive kicks. */
    public boolean kicked() {
        return this == PROBE || this == EXPLOIT;
    }
}
