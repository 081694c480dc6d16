package dev.firstpass.core.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where the controller stands with one experiment; written in lower case. */
public enum Phase {
    /** Runs train unperturbed until the baseline shows a quasi-steady state. */
    OBSERVE,
    /** A share of the runs is kicked every tau0 epochs to measure the response. */
    PROBE,
    /** Runs outside the holdout are kicked every tau*, the predicted best period. */
    EXPLOIT;

    @JsonValue
    public String wireName() {
        return JsonFields.wireName(this);
    }
}
