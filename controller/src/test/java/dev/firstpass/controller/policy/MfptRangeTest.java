package dev.firstpass.controller.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.firstpass.core.protocol.FptStats;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The measured arm's interval, from its survival curve, and how two ranges compare. */
class MfptRangeTest {

    private static FptStats arm(int runs, int censored, List<Double> survival, Double mfpt) {
        return new FptStats("e1", "probe-7", "test_acc", 0.8, FptStats.MAX, runs, censored, survival, null, null, mfpt,
                false, false, null, null, null, List.of(), null, null, null, false, "measured",
                Instant.parse("2025-02-06T12:00:00Z"));
    }

    @Test
    void twoRunsPassingAt2And4GiveTheStudentIntervalOfTheirMean() {
        // S = 1, 1, 0.5, 0.5, 0: E[T] = 3, E[T^2] = 1 + 3 + 2.5 + 3.5 = 10, s^2 = (10 - 9) * 2 / 1 = 2, so
        // s / sqrt(2) = 1 and t(1 df, 0.975) = 12.7062.
        MfptRange range = MfptRange.measured(arm(2, 0, List.of(1.0, 1.0, 0.5, 0.5, 0.0), 3.0), 0.95);

        assertThat(range.mfpt()).isEqualTo(3.0);
        assertThat(range.low()).isCloseTo(3.0 - 12.7062, within(1e-4));
        assertThat(range.high()).isCloseTo(3.0 + 12.7062, within(1e-4));
    }

    @Test
    void anArmWithACensoredRunOrASingleRunHasNoInterval() {
        assertThat(MfptRange.measured(arm(2, 1, List.of(1.0, 1.0, 0.5, 0.5, 0.5), 3.0), 0.95)).isNull();
        assertThat(MfptRange.measured(arm(1, 0, List.of(1.0, 1.0, 0.0), 2.0), 0.95)).isNull();
    }

    @Test
    void rangesApartDecideAndOverlappingOnesDoNot() {
        MfptRange incumbent = new MfptRange(20.0, 18.0, 22.0);

        assertThat(new MfptRange(15.0, 12.0, 17.9).against(incumbent)).isEqualTo(MfptRange.Verdict.BETTER);
        assertThat(new MfptRange(25.0, 22.1, 28.0).against(incumbent)).isEqualTo(MfptRange.Verdict.WORSE);
        assertThat(new MfptRange(16.0, 12.0, 18.0).against(incumbent)).isEqualTo(MfptRange.Verdict.UNDECIDED);
        assertThat(new MfptRange(15.0, 12.0, 17.9).text()).isEqualTo("15.0 epochs [12.0, 17.9]");
        assertThat(MfptRange.point(20.0).text()).isEqualTo("20.0 epochs");
    }
}
