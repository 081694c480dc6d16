package dev.firstpass.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.fpt.analysis.Interval;
import dev.firstpass.core.fpt.trajectory.Target;
import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void nonFiniteNumbersReadAsInfOrNotAvailable() {
        assertThat(Formats.epochs(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(Formats.epochs(Double.NaN)).isEqualTo("n/a");
        assertThat(Formats.interval(Interval.UNKNOWN)).isEqualTo("n/a");
        assertThat(Formats.interval(new Interval(97.61, Double.POSITIVE_INFINITY))).isEqualTo("[97.6, inf]");
    }

    @Test
    void numbersReadAtTheirUsefulPrecision() {
        assertThat(Formats.epochs(45.25)).isEqualTo("45.3");
        assertThat(Formats.hazard(0.0015723)).isEqualTo("0.00157");
        assertThat(Formats.hazard(0.0)).isEqualTo("0");
        assertThat(Formats.signedPercent(0.0321)).isEqualTo("+3.2%");
        assertThat(Formats.signedPercent(-0.042)).isEqualTo("-4.2%");
        assertThat(Formats.target("test_ACC", Target.atLeast(55.0))).isEqualTo("test_ACC >= 55");
        assertThat(Formats.target("loss", Target.atMost(0.25))).isEqualTo("loss <= 0.25");
    }
}
