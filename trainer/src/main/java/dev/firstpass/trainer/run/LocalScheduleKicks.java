package dev.firstpass.trainer.run;

import java.util.Map;

/** Kicks the run when its own schedule says so, never after its last epoch. */
final class LocalScheduleKicks implements BoundaryListener {

    private final JobSettings settings;
    private final Kicks kicks;

    LocalScheduleKicks(JobSettings settings, Kicks kicks) {
        this.settings = settings;
        this.kicks = kicks;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> metrics) {
        if (epoch < settings.epochs() && settings.localSchedule() != null
                && settings.localSchedule().dueAfter(epoch)) {
            kicks.kick(settings.localSchedule().perturbation(),
                    "local schedule " + settings.localSchedule().describe());
        }
    }
}
