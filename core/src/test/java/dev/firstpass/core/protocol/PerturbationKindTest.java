package dev.firstpass.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PerturbationKindTest {

    @Test
    void everyKindParsesFromItsWireNameInAnyCase() {
        for (PerturbationKind kind : PerturbationKind.values()) {
            assertThat(PerturbationKind.parse(kind.wireName())).isEqualTo(kind);
        }
        assertThat(PerturbationKind.parse(" Full_Reset ")).isEqualTo(PerturbationKind.FULL_RESET);
    }

    @Test
    void anyOtherSpellingIsRefusedNamingTheKindsAndTheText() {
        assertThatThrownBy(() -> PerturbationKind.parse("shrink-perturb"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("perturbation must be one of shrink_perturb, partial_reset, full_reset, warm_restart,"
                        + " weight_noise: 'shrink-perturb'");
    }
}
