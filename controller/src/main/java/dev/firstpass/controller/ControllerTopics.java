package dev.firstpass.controller;

import dev.firstpass.core.protocol.Topics;

/**
 * The Kafka topics the controller reads and writes.
 *
 * @param epochs epoch events, read: each run's last epoch (and, in one-shot mode, when a kick is due)
 * @param lifecycle run started and finished, read: which runs exist, may be commanded, or are done
 * @param acks the trainers' answers, read: applied kicks and refusals
 * @param fptStats the monitor's statistics, read: what drives every phase change
 * @param commands written: the commands, with CloudEvents headers, keyed by run id
 * @param decisions written and read back on start: the audit trail, keyed by experiment
 */
public record ControllerTopics(String epochs, String lifecycle, String acks, String fptStats, String commands,
        String decisions) {

    /** The names in {@link Topics}. */
    public static ControllerTopics defaults() {
        return new ControllerTopics(Topics.EPOCH_EVENTS, Topics.RUN_LIFECYCLE, Topics.ACKS, Topics.FPT_STATS,
                Topics.COMMANDS, Topics.DECISIONS);
    }
}
