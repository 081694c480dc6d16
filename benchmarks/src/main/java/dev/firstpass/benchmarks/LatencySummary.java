package dev.firstpass.benchmarks;

import java.util.List;
import java.util.Locale;

/** Count, nearest-rank percentiles and maximum of latencies in milliseconds. */
record LatencySummary(int count, long p50, long p90, long p99, long max) {

    /** Summarizes {@code millis}; there must be at least one, as a percentile of nothing means nothing. */
    static LatencySummary of(List<Long> millis) {
        if (millis.isEmpty()) {
            throw new IllegalArgumentException("latency percentiles need at least one latency: none measured");
        }
        long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
        return new LatencySummary(sorted.length, nearestRank(sorted, 50), nearestRank(sorted, 90),
                nearestRank(sorted, 99), sorted[sorted.length - 1]);
    }

    /** The smallest value with at least {@code percent}% of the values at or below it. */
    static long nearestRank(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    String tableRow(String what) {
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d |", what, count, p50, p90, p99, max);
    }

    static String tableHeader() {
        return "| from - to | commands | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) |\n|---|---|---|---|---|---|";
    }
}
