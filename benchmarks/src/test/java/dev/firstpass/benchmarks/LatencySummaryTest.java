package dev.firstpass.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    @Test
    void nearestRankPercentilesOfTenValuesInAnyOrder() {
        // Ranks: p50 = ceil(5) = 5th, p90 = ceil(9) = 9th, p99 = ceil(9.9) = 10th of 10, 20, ..., 100.
        LatencySummary summary = LatencySummary.of(List.of(70L, 10L, 100L, 40L, 20L, 90L, 30L, 60L, 80L, 50L));

        assertThat(summary).isEqualTo(new LatencySummary(10, 50, 90, 100, 100));
    }

    @Test
    void aSingleLatencyIsEveryPercentile() {
        assertThat(LatencySummary.of(List.of(7L))).isEqualTo(new LatencySummary(1, 7, 7, 7, 7));
    }

    @Test
    void theP99OfTwoHundredValuesIsTheOneHundredNinetyEighth() {
        long[] sorted = new long[200];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i + 1;
        }

        assertThat(LatencySummary.nearestRank(sorted, 99)).isEqualTo(198);
        assertThat(LatencySummary.nearestRank(sorted, 50)).isEqualTo(100);
    }

    @Test
    void noLatenciesAreRejectedRatherThanSummarized() {
        assertThatThrownBy(() -> LatencySummary.of(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("latency percentiles need at least one latency: none measured");
    }

    @Test
    void aTableRowListsCountPercentilesAndMaximum() {
        assertThat(new LatencySummary(3, 5, 8, 9, 9).tableRow("a - b")).isEqualTo("| a - b | 3 | 5 | 8 | 9 | 9 |");
    }
}
