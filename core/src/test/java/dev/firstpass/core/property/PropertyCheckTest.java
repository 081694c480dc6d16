package dev.firstpass.core.property;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PropertyCheckTest {

    private static final Duration BOUND = Duration.ofMillis(200);

    @Test
    void aTrySpinningPastItsCpuBoundFailsNamingTheBound() {
        assertThatThrownBy(() -> PropertyCheck.forAll(Gen.bytes(0, 1)).tries(1).eachWithin(BOUND).check(input -> {
            // Burns CPU until the check gives up on it and interrupts it.
            while (!Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
        })).isInstanceOf(AssertionError.class).hasMessageStartingWith("try 1 of 1 used more than PT0.2S of CPU time");
    }

    @Test
    void aTryWaitingThreeTimesItsBoundWithoutUsingCpuPasses() {
        // What a loaded machine does to a try: stretches its wall-clock time, not its CPU time.
        assertThatCode(() -> PropertyCheck.forAll(Gen.bytes(0, 1)).tries(1).eachWithin(BOUND)
                .check(input -> Thread.sleep(3 * BOUND.toMillis()))).doesNotThrowAnyException();
    }
}
