package dev.firstpass.sink;

import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.Schedule;
import java.time.Instant;

/**
 * What the sink remembers of a command until its ack arrives.
 *
 * @param kind the perturbation's wire name, e.g. "shrink_perturb"; "stop" for a command that cancels a
 *     periodic schedule, since then the kind is not applied
 * @param issuedAt when the controller issued it
 */
record CommandInfo(String kind, Instant issuedAt) {

    static final String STOP = "stop";

    static CommandInfo of(Command command) {
        boolean stops = command.schedule() instanceof Schedule.Stop;
        return new CommandInfo(stops ? STOP : command.kind().wireName(), command.issuedAt());
    }
}
