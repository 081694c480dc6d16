package dev.firstpass.trainer.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LearningRateSearchTest {

    @Test
    void drawsAreReproducibleAndEveryDecadeIsAboutEquallyLikely() {
        LearningRateSearch search = LearningRateSearch.logUniform(0.001, 1.0);
        int[] perDecade = new int[3];
        for (long seed = 0; seed < 3000; seed++) {
            double rate = search.draw(seed);
            assertThat(rate).isBetween(0.001, 1.0).isEqualTo(search.draw(seed));
            perDecade[(int) Math.floor(Math.log10(rate / 0.001))]++;
        }
        // 1000 expected per decade; 4 standard deviations either side.
        for (int count : perDecade) {
            assertThat(count).isBetween(900, 1100);
        }
    }

    @Test
    void aRangeMustRunUpwardFromAPositiveLowEnd() {
        assertThatThrownBy(() -> LearningRateSearch.logUniform(0.1, 0.01))
                .hasMessage("a learning-rate search range needs 0 < low < high, both finite: [0.1, 0.01]");
        assertThatThrownBy(() -> LearningRateSearch.logUniform(0, 1))
                .hasMessage("a learning-rate search range needs 0 < low < high, both finite: [0.0, 1.0]");
    }

    @Test
    void describesItselfInTheCommandLineForm() {
        assertThat(LearningRateSearch.logUniform(0.003, 1).describe()).isEqualTo("log-uniform:0.003:1.0");
    }
}
