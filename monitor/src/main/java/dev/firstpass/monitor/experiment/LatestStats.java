package dev.firstpass.monitor.experiment;

import dev.firstpass.core.protocol.FptStats;
import java.util.List;

/**
 * The statistics last published for one experiment, one record per arm and target, for queries.
 *
 * @param experiment the experiment
 * @param stats the records of the latest analysis, in the order published
 */
public record LatestStats(String experiment, List<FptStats> stats) {

    public LatestStats {
        stats = List.copyOf(stats);
    }
}
