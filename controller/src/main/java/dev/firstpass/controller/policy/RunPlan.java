package dev.firstpass.controller.policy;

import dev.firstpass.core.protocol.Role;
import dev.firstpass.core.protocol.Schedule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What the controller has decided for one run: its role, arm and schedule, and the commands it got. */
final class RunPlan {

    /** A command decided for the run. */
    record Issued(String commandId, Schedule schedule, Integer epoch) {

        boolean kick() {
            return !(schedule instanceof Schedule.Stop);
        }

        boolean oneShot() {
            return schedule instanceof Schedule.NextEpoch;
        }
    }

    Role role;
    String arm;
    Integer period;
    Integer fromEpoch;
    final List<Issued> commands = new ArrayList<>();
    final Set<String> refusalsSeen = new LinkedHashSet<>();

    RunPlan copy() {
        RunPlan copy = new RunPlan();
        copy.role = role;
        copy.arm = arm;
        copy.period = period;
        copy.fromEpoch = fromEpoch;
        copy.commands.addAll(commands);
        copy.refusalsSeen.addAll(refusalsSeen);
        return copy;
    }

    boolean issued(String commandId) {
        return commands.stream().anyMatch(c -> c.commandId().equals(commandId));
    }

    /** A run that refused a command is not commanded again. */
    boolean refused() {
        return !refusalsSeen.isEmpty();
    }

    long oneShotKicks() {
        return commands.stream().filter(Issued::oneShot).count();
    }
}
