package dev.firstpass.monitor.adapter;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.RunFinished;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * What a foreign record can say besides metrics: that its run was kicked after the record's epoch, or that
 * the run ended there. Both become the messages FirstPass's own trainers send for the same facts, an
 * applied ack and a run-finished message, so the monitor treats them alike.
 */
final class RunMarkers {

    /** The command id of a kick read from a foreign stream, which names no command: {@code kick-after-<epoch>}. */
    static final String KICK_COMMAND_PREFIX = "kick-after-";
    static final String END_RULE = "true, false, or one of completed, stopped, failed";

    private RunMarkers() {
    }

    static Ack kick(String experiment, String runId, int epoch, Instant time) {
        return new Ack(KICK_COMMAND_PREFIX + epoch, experiment, runId, Ack.Status.APPLIED, epoch, null, time);
    }

    static RunFinished end(String experiment, String runId, int epoch, Instant time, RunFinished.Reason reason) {
        return new RunFinished(experiment, runId, time, reason, epoch);
    }

    /** The reason a run-end value names (true is completed); empty for a value that names none. */
    static Optional<RunFinished.Reason> reason(Object value) {
        if (Boolean.TRUE.equals(value)) {
            return Optional.of(RunFinished.Reason.COMPLETED);
        }
        if (value instanceof String text) {
            for (RunFinished.Reason reason : RunFinished.Reason.values()) {
                if (reason.name().toLowerCase(Locale.ROOT).equals(text)) {
                    return Optional.of(reason);
                }
            }
        }
        return Optional.empty();
    }
}
