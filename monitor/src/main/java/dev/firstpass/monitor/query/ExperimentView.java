package dev.firstpass.monitor.query;

import dev.firstpass.core.protocol.FptStats;
import java.util.List;

/**
 * One experiment's latest statistics.
 *
 * @param experiment the experiment id
 * @param runs the runs heard of so far
 * @param stats the latest published statistics, one per arm and target; empty until the first analysis
 */
public record ExperimentView(String experiment, int runs, List<FptStats> stats) {

    public ExperimentView {
        stats = List.copyOf(stats);
    }
}
