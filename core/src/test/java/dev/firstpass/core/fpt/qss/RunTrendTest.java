package dev.firstpass.core.fpt.qss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RunTrendTest {

    @Test
    void slopeStandardErrorAndPValueMatchTheHandWorkedFit() {
        // y = 1, 3, 2, 4 on x = 0..3: slope 4/5, SE sqrt(1.8 / 2 / 5), t = 1.8856 on 2 degrees of freedom,
        // where the t CDF is 1/2 + t / (2 sqrt(2 + t^2)) = 0.9, so p = 0.2.
        RunTrend trend = RunTrend.of(new double[] {9.0, 1.0, 3.0, 2.0, 4.0}, 4, 0.05);
        assertThat(trend.slope()).isEqualTo(0.8, within(1e-12));
        assertThat(trend.standardError()).isEqualTo(Math.sqrt(0.18), within(1e-12));
        assertThat(trend.pValue()).isEqualTo(0.2, within(1e-9));
        assertThat(trend.plateau()).isTrue();
    }

    @Test
    void aCleanRiseIsNotAPlateau() {
        RunTrend trend = RunTrend.of(new double[] {1, 2, 3, 4, 5}, 5, 0.05);
        assertThat(trend.slope()).isEqualTo(1.0);
        assertThat(trend.plateau()).isFalse();
    }

    @Test
    void aFlatSeriesIsAPlateau() {
        assertThat(RunTrend.of(new double[] {2, 2, 2, 2}, 4, 0.05).plateau()).isTrue();
    }

    @Test
    void tooShortASeriesIsRejectedWithTheRule() {
        assertThatThrownBy(() -> RunTrend.of(new double[] {1, 2}, 5, 0.05))
                .hasMessage("trend test needs at least 5 epochs: 2");
    }
}
