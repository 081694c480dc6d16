package dev.firstpass.core.fpt.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.firstpass.core.fpt.survival.Moments;
import org.junit.jupiter.api.Test;

class LinearResponseTest {

    @Test
    void aKickHelpsWhenItsResponseBeatsTheMeanResidualTime() {
        // <T> = 10, <T^2> = 300: threshold 15; slope 10 * 12 - 150 = -30.
        LinearResponse response = LinearResponse.of(new Moments(10, 300, Math.sqrt(2), false, false), 12);
        assertThat(response.threshold()).isEqualTo(15.0, within(1e-12));
        assertThat(response.slope()).isEqualTo(-30.0, within(1e-12));
        assertThat(response.helps()).isTrue();
        assertThat(LinearResponse.of(new Moments(10, 300, Math.sqrt(2), false, false), 16).helps()).isFalse();
    }

    @Test
    void exponentialPassageTimesAreIndifferentToKicksThatRestartThem() {
        // Memoryless T with mean m: <T^2> = 2 m^2, so the threshold is m itself; a restart gives T_I = T.
        LinearResponse response = LinearResponse.of(new Moments(8, 128, 1.0, false, false), 8);
        assertThat(response.slope()).isEqualTo(0.0, within(1e-12));
    }

    @Test
    void againstABaselineThatNeverPassesAnyFiniteResponseHelps() {
        Moments never = new Moments(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NaN, true, false);
        assertThat(LinearResponse.of(never, 7.0).helps()).isTrue();
        assertThat(LinearResponse.of(never, Double.POSITIVE_INFINITY).helps()).isFalse();
    }
}
