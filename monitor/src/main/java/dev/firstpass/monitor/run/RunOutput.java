package dev.firstpass.monitor.run;

import dev.firstpass.core.protocol.PlateauEvent;
import dev.firstpass.monitor.deadletter.DeadLetter;

/** What processing a run's input produces besides the new run state. */
public sealed interface RunOutput {

    /** The run's snapshot changed; goes to the run's experiment. */
    record Snapshot(RunSnapshot snapshot) implements RunOutput {
    }

    /** The run's plateau status changed. */
    record PlateauChange(PlateauEvent event) implements RunOutput {
    }

    /** The input was unusable. */
    record Rejected(DeadLetter deadLetter) implements RunOutput {
    }
}
