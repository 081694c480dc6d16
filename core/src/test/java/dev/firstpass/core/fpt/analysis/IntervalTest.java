package dev.firstpass.core.fpt.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IntervalTest {

    @Test
    void percentilesInterpolateBetweenOrderStatistics() {
        double[] values = {5, 1, 4, 2, 3, Double.NaN};
        Interval interval = Interval.percentile(values, 0.5);
        // p = 0.25 and 0.75 of 1..5: positions 1 and 3 of the sorted values.
        assertThat(interval).isEqualTo(new Interval(2.0, 4.0));
        assertThat(Interval.percentile(values, 0.9)).isEqualTo(new Interval(1.2, 4.8));
    }

    @Test
    void infiniteValuesSortLastAndNothingGivesUnknown() {
        assertThat(Interval.percentile(new double[] {1, Double.POSITIVE_INFINITY}, 0.5).high()).isInfinite();
        assertThat(Interval.percentile(new double[] {Double.NaN}, 0.95)).isEqualTo(Interval.UNKNOWN);
    }
}
