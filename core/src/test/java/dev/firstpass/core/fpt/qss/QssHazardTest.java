package dev.firstpass.core.fpt.qss;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.fpt.trajectory.Passage;
import java.util.List;
import org.junit.jupiter.api.Test;

class QssHazardTest {

    @Test
    void hazardIsPassagesInTheQssOverRunEpochsAtRiskThere() {
        // From t_QSS = 10: the run passing at 5 is gone; 12 -> 3 epochs, censored 20 -> 11, 15 -> 6.
        QssHazard hazard = QssHazard.estimate(List.of(Passage.reachedAt(5), Passage.reachedAt(12),
                Passage.censoredAt(20), Passage.reachedAt(15)), 10);
        assertThat(hazard.passages()).isEqualTo(2);
        assertThat(hazard.exposure()).isEqualTo(20);
        assertThat(hazard.value()).isEqualTo(0.1);
    }

    @Test
    void hazardIsUnknownWhenNoRunIsAtRiskInTheQss() {
        assertThat(QssHazard.estimate(List.of(Passage.reachedAt(3)), 10).value()).isNaN();
    }
}
