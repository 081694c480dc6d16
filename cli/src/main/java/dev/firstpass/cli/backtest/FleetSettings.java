package dev.firstpass.cli.backtest;

import dev.firstpass.core.fpt.trajectory.Target;

/**
 * How a backtest's fleet runs.
 *
 * @param target the target every run trains towards; a run stops once it reaches it
 * @param runs how many runs the fleet trains, one after another
 * @param concurrency how many train at once; a new run starts when one ends
 * @param seed seeds which recorded run each started run is given
 */
record FleetSettings(Target target, int runs, int concurrency, long seed) {

    FleetSettings {
        if (runs < 1) {
            throw new IllegalArgumentException("the fleet must train at least 1 run: " + runs);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1 run: " + concurrency);
        }
    }

    FleetSettings withSeed(long newSeed) {
        return new FleetSettings(target, runs, concurrency, newSeed);
    }
}
