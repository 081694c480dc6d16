package dev.firstpass.core.protocol;

import java.util.List;

/**
 * Default Kafka topic names; deployments may override each one.
 *
 * <p>Every record on these topics is keyed by {@code run_id}, so one run's events, commands and acks
 * stay ordered on one partition.
 */
public final class Topics {

    /** One {@link EpochEvent} per run per epoch. */
    public static final String EPOCH_EVENTS = "training.metrics.epoch";
    /** Epoch events that could not be read, with the reason. */
    public static final String EPOCH_EVENTS_DLQ = "training.metrics.epoch.dlq";
    /** {@link RunStarted} and {@link RunFinished}, told apart by their {@code type} field. */
    public static final String RUN_LIFECYCLE = "training.runs.lifecycle";
    /** {@link Command}s to trainers, with CloudEvents headers. */
    public static final String COMMANDS = "training.control.commands";
    /** {@link Ack}s from trainers. */
    public static final String ACKS = "training.control.acks";
    /** The controller's audit trail: every decision with its prediction and reason. */
    public static final String DECISIONS = "training.control.decisions";
    /** {@link FptStats} per experiment, arm and target; compacted. */
    public static final String FPT_STATS = "training.monitor.fpt_stats";
    /** Plateau detections per run. */
    public static final String PLATEAU = "training.monitor.plateau";

    private Topics() {
    }

    /** Every default topic name, for creating them all on an embedded broker. */
    public static List<String> all() {
        return List.of(EPOCH_EVENTS, EPOCH_EVENTS_DLQ, RUN_LIFECYCLE, COMMANDS, ACKS, DECISIONS, FPT_STATS, PLATEAU);
    }
}
