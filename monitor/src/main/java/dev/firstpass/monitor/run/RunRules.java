package dev.firstpass.monitor.run;

import dev.firstpass.core.fpt.trajectory.Target;
import java.time.Duration;
import java.util.List;

/**
 * What the per-run processing measures and when it gives up on a silent run.
 *
 * @param metric the metric taken from each epoch event
 * @param targets the targets whose first passage each run records
 * @param plateauWindow the epochs the single-run plateau test looks at; below 3 there is no test
 * @param plateauAlpha the level of that test
 * @param stallTimeout silence longer than this marks a run stalled
 * @param stallCheckInterval how often silent runs are looked for, in wall-clock time
 * @param snapshotInterval how long a run's changes are gathered before its snapshot is sent on, in
 *     wall-clock time; zero sends each change at once
 */
public record RunRules(String metric, List<Target> targets, int plateauWindow, double plateauAlpha,
        Duration stallTimeout, Duration stallCheckInterval, Duration snapshotInterval) {

    public RunRules {
        targets = List.copyOf(targets);
    }
}
