package dev.firstpass.trainer.run;

import java.util.Map;
import java.util.function.BooleanSupplier;

/** Saves a checkpoint when one is due after the epoch, or when the run is asked to stop. */
final class BoundaryCheckpoint implements BoundaryListener {

    private final JobSettings settings;
    private final BooleanSupplier stopRequested;
    private final Runnable save;

    /** A run without checkpoint settings never saves. */
    BoundaryCheckpoint(JobSettings settings, BooleanSupplier stopRequested, Runnable save) {
        this.settings = settings;
        this.stopRequested = stopRequested;
        this.save = save;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> metrics) {
        if (settings.checkpoints() != null && (settings.checkpoints().dueAfter(epoch, settings.epochs())
                || stopRequested.getAsBoolean())) {
            save.run();
        }
    }
}
