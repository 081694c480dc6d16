package dev.firstpass.monitor.stats;

import dev.firstpass.core.protocol.FptStats;

/** The record key of published statistics: "experiment|arm|target", e.g. "cifar|tau-10|0.8". */
public final class StatsKey {

    private StatsKey() {
    }

    public static String of(String experiment, String arm, double target) {
        return experiment + "|" + arm + "|" + target;
    }

    public static String of(FptStats stats) {
        return of(stats.experiment(), stats.arm(), stats.target());
    }
}
