package dev.firstpass.cli.backtest;

/**
 * How a backtest's fleet runs.
 *
 * @param runs how many runs the fleet trains, one after another
 * @param concurrency how many train at once; a new run starts when one ends
 * @param seed the first seed; seed i decides which recorded run each started run is given
 */
record FleetSettings(int runs, int concurrency, long seed) {

    FleetSettings {
        if (runs < 1) {
            throw new IllegalArgumentException("the fleet must train at least 1 run: " + runs);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1 run: " + concurrency);
        }
    }
}
