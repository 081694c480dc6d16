package dev.firstpass.trainer.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void constantIsOneThroughout() {
        assertThat(LearningRateSchedule.constant().factor(1)).isEqualTo(1.0);
        assertThat(LearningRateSchedule.constant().factor(500)).isEqualTo(1.0);
    }

    @Test
    void stepMultipliesByGammaAfterEachPeriod() {
        LearningRateSchedule step = LearningRateSchedule.step(3, 0.5);

        assertThat(step.factor(1)).isEqualTo(1.0);
        assertThat(step.factor(3)).isEqualTo(1.0);
        assertThat(step.factor(4)).isEqualTo(0.5);
        assertThat(step.factor(7)).isEqualTo(0.25);
    }

    @Test
    void cosineFallsFromOneToZeroOverItsPeriod() {
        LearningRateSchedule cosine = LearningRateSchedule.cosine(4);

        assertThat(cosine.factor(1)).isEqualTo(1.0);
        assertThat(cosine.factor(3)).isCloseTo(0.5, within(1e-12));
        assertThat(cosine.factor(5)).isEqualTo(0.0);
    }

    @Test
    void parsesItsOwnDescriptionsAndRefusesOtherText() {
        for (LearningRateSchedule schedule : new LearningRateSchedule[] {LearningRateSchedule.constant(),
            LearningRateSchedule.step(30, 0.1), LearningRateSchedule.cosine(50)}) {
            assertThat(LearningRateSchedule.parse(schedule.describe())).isEqualTo(schedule);
        }
        assertThatThrownBy(() -> LearningRateSchedule.parse("linear"))
                .hasMessage("must be constant, step:EVERY:GAMMA or cosine:PERIOD");
        assertThatThrownBy(() -> LearningRateSchedule.parse("step:0:0.1"))
                .hasMessage("step schedule period must be at least 1 epoch: 0");
    }

    @Test
    void optimizerSpecsNameTheirBadValues() {
        assertThatThrownBy(() -> OptimizerSpec.sgdWithMomentum(0, 1.0))
                .hasMessage("learning rate must be greater than 0: 0.0; momentum must be in [0, 1): 1.0");
        assertThatThrownBy(() -> OptimizerSpec.adam(-1)).hasMessage("learning rate must be greater than 0: -1.0");
    }
}
