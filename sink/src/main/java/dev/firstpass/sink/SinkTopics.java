package dev.firstpass.sink;

import dev.firstpass.core.protocol.Topics;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The topics the sink reads.
 *
 * @param epochs epoch events
 * @param commands commands, read for their kind and issue time, which the acks lack
 * @param acks acks: each becomes an intervention point
 * @param decisions the controller's audit trail
 * @param fptStats the monitor's statistics
 * @param plateau the monitor's plateau events
 */
public record SinkTopics(String epochs, String commands, String acks, String decisions, String fptStats,
        String plateau) {

    /** The names in {@link Topics}. */
    public static SinkTopics defaults() {
        return new SinkTopics(Topics.EPOCH_EVENTS, Topics.COMMANDS, Topics.ACKS, Topics.DECISIONS, Topics.FPT_STATS,
                Topics.PLATEAU);
    }

    /** Every topic once, in the order above. */
    public List<String> all() {
        return List.copyOf(new LinkedHashSet<>(List.of(epochs, commands, acks, decisions, fptStats, plateau)));
    }
}
