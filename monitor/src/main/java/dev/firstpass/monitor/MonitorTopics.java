package dev.firstpass.monitor;

import dev.firstpass.core.protocol.Topics;

/**
 * The Kafka topics the monitor reads and writes.
 *
 * @param epochs epoch events, keyed by run id
 * @param acks acknowledgements of commands, keyed by run id
 * @param lifecycle run started and run finished messages, keyed by run id
 * @param deadLetters records that could not be used, with the reason in headers
 * @param fptStats first-passage statistics, keyed "experiment|arm|target"
 * @param plateau single-run plateau changes, keyed by run id
 */
public record MonitorTopics(String epochs, String acks, String lifecycle, String deadLetters, String fptStats,
        String plateau) {

    /** The names in {@link Topics}. */
    public static MonitorTopics defaults() {
        return new MonitorTopics(Topics.EPOCH_EVENTS, Topics.ACKS, Topics.RUN_LIFECYCLE, Topics.EPOCH_EVENTS_DLQ,
                Topics.FPT_STATS, Topics.PLATEAU);
    }
}
