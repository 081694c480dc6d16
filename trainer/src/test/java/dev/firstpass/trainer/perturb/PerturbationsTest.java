package dev.firstpass.trainer.perturb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firstpass.core.protocol.PerturbationKind;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PerturbationsTest {

    @Test
    void refusesShrinkOutsideItsRangeNamingRuleAndValue() {
        assertThatThrownBy(() -> Perturbations.shrinkPerturb(1.5, 0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shrink must be in (0, 1]: 1.5");
    }

    @Test
    void reportsBothBadShrinkPerturbParametersAtOnce() {
        assertThatThrownBy(() -> Perturbations.shrinkPerturb(0, -0.1))
                .hasMessage("shrink must be in (0, 1]: 0.0; perturb must be at least 0: -0.1");
    }

    @Test
    void refusesFractionAndSigmaOutsideTheirRanges() {
        assertThatThrownBy(() -> Perturbations.partialReset(0)).hasMessage("fraction must be in (0, 1]: 0.0");
        assertThatThrownBy(() -> Perturbations.partialReset(1.01)).hasMessage("fraction must be in (0, 1]: 1.01");
        assertThatThrownBy(() -> Perturbations.weightNoise(0)).hasMessage("sigma must be greater than 0: 0.0");
        assertThatThrownBy(() -> Perturbations.weightNoise(Double.NaN))
                .hasMessage("sigma must be greater than 0: NaN");
    }

    @Test
    void buildsFromCommandParametersFillingDefaults() {
        Perturbation perturbation = Perturbations.of(PerturbationKind.SHRINK_PERTURB, Map.of("perturb", 0.2));

        assertThat(perturbation.describe()).isEqualTo("shrink_perturb(shrink=0.4, perturb=0.2)");
        assertThat(Perturbations.of(PerturbationKind.WARM_RESTART, Map.of()).describe()).isEqualTo("warm_restart");
    }

    @Test
    void refusesUnknownAndMissingCommandParameters() {
        assertThatThrownBy(() -> Perturbations.of(PerturbationKind.FULL_RESET, Map.of("fraction", 0.5)))
                .hasMessage("full_reset does not take parameter 'fraction' (takes none)");
        assertThatThrownBy(() -> Perturbations.of(PerturbationKind.PARTIAL_RESET, Map.of()))
                .hasMessage("partial_reset needs parameter 'fraction'");
    }

    @Test
    void localScheduleFiresAfterTauMultiplesOnly() {
        LocalSchedule schedule = LocalSchedule.every(3, Perturbations.warmRestart());

        assertThat(IntStream.rangeClosed(1, 10).filter(schedule::dueAfter).boxed().toList())
                .containsExactly(3, 6, 9);
        assertThatThrownBy(() -> LocalSchedule.every(0, Perturbations.warmRestart()))
                .hasMessage("perturbation period must be at least 1 epoch: 0; first perturbation epoch must be at"
                        + " least 1: 0");
    }
}
