package dev.firstpass.core.fpt.trajectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DirectionTest {

    @Test
    void targetsAreReachedAtOrPastTheThresholdInTheirDirection() {
        assertThat(Direction.MAX.reached(0.9, 0.9)).isTrue();
        assertThat(Direction.MAX.reached(0.89, 0.9)).isFalse();
        assertThat(Direction.MIN.reached(0.3, 0.3)).isTrue();
        assertThat(Direction.MIN.reached(0.31, 0.3)).isFalse();
    }

    @Test
    void nonFiniteValuesNeverReachATarget() {
        assertThat(Direction.MIN.reached(Double.NEGATIVE_INFINITY, 0.3)).isFalse();
        assertThat(Direction.MAX.reached(Double.POSITIVE_INFINITY, 0.9)).isFalse();
        assertThat(Direction.MAX.reached(Double.NaN, 0.9)).isFalse();
    }

    @Test
    void directionsParseFromTheirNamesInAnyCaseAndRejectOthersNamingThem() {
        assertThat(Direction.parse("Max")).isEqualTo(Direction.MAX);
        assertThat(Direction.parse(" min ")).isEqualTo(Direction.MIN);
        assertThatThrownBy(() -> Direction.parse("lower"))
                .hasMessage("direction must be 'max' (higher is better) or 'min' (lower is better): 'lower'");
    }
}
