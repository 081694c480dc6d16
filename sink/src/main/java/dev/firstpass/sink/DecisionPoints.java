package dev.firstpass.sink;

import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.Decision;
import dev.firstpass.core.protocol.Evidence;
import dev.firstpass.core.protocol.Schedule;
import java.util.Map;
import java.util.Optional;

/**
 * A controller decision as a {@value Measurements#DECISION} point: what was decided about which run, and
 * the statistics it rested on.
 *
 * <p>Tags experiment, kind (the decision's type: {@code phase_changed}, {@code command_issued}, ...),
 * run_id and arm (when there are any). Fields: sequence, phase, role, tau, tau_low, tau_high, epoch,
 * command_id, the command's kind, parameters and schedule ({@code command_kind},
 * {@code command_params_shrink}, {@code command_schedule_every}, ...), dry_run, the evidence
 * ({@code evidence_tau_star}, {@code evidence_predicted_mfpt}, ...) and reason; what a decision leaves
 * out is left out. The time is the decision's.
 *
 * <p>Numbers are always floats, counts included: sinks before this one wrote every number of a decision
 * as a float, and InfluxDB refuses a point whose field changes type in a bucket that holds those.
 */
final class DecisionPoints {

    private DecisionPoints() {
    }

    static Optional<Line> of(Decision decision) {
        LineProtocol point = LineProtocol.measurement(Measurements.DECISION)
                .tag("experiment", decision.experiment())
                .tag("kind", decision.type().wireName())
                .tag("run_id", decision.runId())
                .tag("arm", decision.arm())
                .field("sequence", (double) decision.sequence())
                .field("phase", decision.phase().wireName())
                .field("role", decision.role() == null ? null : decision.role().wireName());
        number(point, "tau", decision.tau());
        number(point, "tau_low", decision.tauLow());
        number(point, "tau_high", decision.tauHigh());
        number(point, "epoch", decision.epoch());
        point.field("command_id", decision.commandId());
        if (decision.command() != null) {
            command(point, decision.command());
        }
        point.field("dry_run", decision.dryRun());
        if (decision.evidence() != null) {
            evidence(point, decision.evidence());
        }
        return point.field("reason", decision.reason()).at(decision.time());
    }

    // Only what the decision does not say itself: its id, experiment, run and arm are the decision's.
    private static void command(LineProtocol point, Command command) {
        point.field("command_kind", command.kind().wireName());
        for (Map.Entry<String, Double> param : command.params().entrySet()) {
            point.field("command_params_" + param.getKey(), param.getValue());
        }
        Schedule schedule = command.schedule();
        if (schedule instanceof Schedule.Periodic periodic) {
            point.field("command_schedule_type", Schedule.PERIODIC);
            number(point, "command_schedule_every", periodic.every());
            number(point, "command_schedule_from_epoch", periodic.fromEpoch());
        } else {
            String type = schedule instanceof Schedule.Stop ? Schedule.STOP : Schedule.NEXT_EPOCH;
            point.field("command_schedule_type", type);
        }
        point.field("command_issued_at", command.issuedAt().toString());
    }

    private static void evidence(LineProtocol point, Evidence evidence) {
        point.field("evidence_stats_arm", evidence.statsArm())
                .field("evidence_target", evidence.target())
                .field("evidence_stats_time", evidence.statsTime() == null ? null : evidence.statsTime().toString());
        number(point, "evidence_runs", evidence.runs());
        number(point, "evidence_t_qss", evidence.tQss());
        number(point, "evidence_tau_min", evidence.tauMin());
        number(point, "evidence_tau_star", evidence.tauStar());
        number(point, "evidence_tau_star_low", evidence.tauStarLow());
        number(point, "evidence_tau_star_high", evidence.tauStarHigh());
        point.field("evidence_predicted_mfpt", evidence.predictedMfpt())
                .field("evidence_predicted_low", evidence.predictedLow())
                .field("evidence_predicted_high", evidence.predictedHigh())
                .field("evidence_baseline_mfpt", evidence.baselineMfpt())
                .field("evidence_baseline_low", evidence.baselineLow())
                .field("evidence_baseline_high", evidence.baselineHigh())
                .field("evidence_baseline_is_lower_bound", evidence.baselineIsLowerBound())
                .field("evidence_recommend", evidence.recommend())
                .field("evidence_monitor_reason", evidence.monitorReason());
    }

    private static void number(LineProtocol point, String key, Integer value) {
        point.field(key, value == null ? null : value.doubleValue());
    }
}
