package dev.firstpass.trainer.run;

import dev.firstpass.core.protocol.RunFinished;
import java.util.Optional;

/** Why a run stopped training. */
public enum EndReason {
    /** It trained all its epochs. */
    COMPLETED,
    /** {@link TrainingJob#requestStop()} ended it after an epoch. */
    STOPPED,
    /** An error ended it. */
    FAILED,
    /** {@link TrainingJob#close()} ended it mid-epoch, as a kill would: no run-finished, no last checkpoint. */
    KILLED;

    /** The reason on the wire; a killed run sends none. */
    public Optional<RunFinished.Reason> wire() {
        return switch (this) {
            case COMPLETED -> Optional.of(RunFinished.Reason.COMPLETED);
            case STOPPED -> Optional.of(RunFinished.Reason.STOPPED);
            case FAILED -> Optional.of(RunFinished.Reason.FAILED);
            case KILLED -> Optional.empty();
        };
    }
}
