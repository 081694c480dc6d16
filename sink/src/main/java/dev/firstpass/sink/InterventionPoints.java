package dev.firstpass.sink;

import dev.firstpass.core.protocol.Ack;
import java.time.Duration;
import java.util.Optional;

/**
 * An acknowledged command as a {@value Measurements#INTERVENTION} point, the dashboard's annotation of
 * a kick.
 *
 * <p>The ack says what happened to which run and when; only the command says what kind of perturbation it
 * was and when it was issued. When the command is not known (it is older than the sink remembers, or the
 * acks were replayed without commands) the kind is {@value #UNKNOWN_KIND} and there is no latency.
 */
final class InterventionPoints {

    /** The kind tag of an ack whose command the sink never saw. */
    static final String UNKNOWN_KIND = "unknown";

    private InterventionPoints() {
    }

    /**
     * Tags experiment, run_id, kind and status (applied or refused); fields command_id, epoch (when
     * applied), ack_latency_ms (when the command is known) and reason (when refused). The time is the
     * ack's.
     */
    static Optional<Line> of(Ack ack, CommandInfo command) {
        LineProtocol point = LineProtocol.measurement(Measurements.INTERVENTION)
                .tag("experiment", ack.experiment())
                .tag("run_id", ack.runId())
                .tag("kind", command == null ? UNKNOWN_KIND : command.kind())
                .tag("status", ack.status().wireName())
                .field("command_id", ack.commandId())
                .field("epoch", ack.epoch());
        if (command != null) {
            point.field("ack_latency_ms", Duration.between(command.issuedAt(), ack.time()).toMillis());
        }
        point.field("reason", ack.reason());
        return point.at(ack.time());
    }
}
