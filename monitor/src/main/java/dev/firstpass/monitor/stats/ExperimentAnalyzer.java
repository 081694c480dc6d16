package dev.firstpass.monitor.stats;

import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.monitor.run.RunSnapshot;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Turns the runs of one experiment into the first-passage statistics to publish. */
public interface ExperimentAnalyzer {

    /**
     * The statistics of every analysable arm and target; never throws for bad or insufficient data,
     * which is reported in the statistics' reason instead.
     *
     * @param time stamped on every record
     */
    List<FptStats> analyze(String experiment, Collection<RunSnapshot> runs, Instant time);

    /**
     * The analysis shared with {@code firstpass analyze}: runs are grouped into arms by their arm name
     * (no name means "baseline"), arms without kicks form the baseline, and each kicked arm is the
     * probe in turn, the other kicked arms being its comparisons. Runs within an arm are ordered by
     * run id, which fixes the bootstrap's draws.
     */
    static ExperimentAnalyzer firstPassage(StatsSettings settings) {
        return new FirstPassageStats(settings);
    }
}
