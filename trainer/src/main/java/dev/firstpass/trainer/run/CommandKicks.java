package dev.firstpass.trainer.run;

import dev.firstpass.trainer.command.CommandDesk;
import dev.firstpass.trainer.command.DueKick;
import java.util.Map;

/** Applies the kicks that commands ordered for this boundary, and marks each applied. */
final class CommandKicks implements BoundaryListener {

    private final CommandDesk desk;
    private final Kicks kicks;

    /** {@code desk} may be null: a run that takes no commands has none to apply. */
    CommandKicks(CommandDesk desk, Kicks kicks) {
        this.desk = desk;
        this.kicks = kicks;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> metrics) {
        if (desk == null) {
            return;
        }
        for (DueKick due : desk.dueAfter(epoch)) {
            kicks.kick(due.perturbation(), "command " + due.command().commandId());
            desk.applied(due, epoch);
        }
    }
}
