package dev.firstpass.trainer.run;

import java.util.Map;

/** Tells the run's listeners that an epoch ended, with the kicks before it. */
final class EpochNotifier implements BoundaryListener {

    private final JobSettings settings;
    private final RunProgress progress;

    EpochNotifier(JobSettings settings, RunProgress progress) {
        this.settings = settings;
        this.progress = progress;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> metrics) {
        RunEvent.EpochCompleted event = new RunEvent.EpochCompleted(settings.runId(), epoch, progress.segment(),
                metrics, progress.kicks());
        settings.listeners().forEach(listener -> listener.onEpoch(event));
    }
}
