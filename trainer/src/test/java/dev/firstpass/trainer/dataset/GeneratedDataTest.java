package dev.firstpass.trainer.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class GeneratedDataTest {

    @Test
    void sameSeedGivesTheSameSamplesAndAnotherSeedOthers() {
        DataSplits a = Datasets.generated(GeneratedData.ofSize(50, 20));
        DataSplits b = Datasets.generated(GeneratedData.ofSize(50, 20));
        DataSplits c = Datasets.generated(GeneratedData.ofSize(50, 20).withSeed(1));

        assertThat(a.train().features(17)).containsExactly(b.train().features(17));
        assertThat(a.test().label(3)).isEqualTo(b.test().label(3));
        assertThat(a.train().features(17)).isNotEqualTo(c.train().features(17));
    }

    @Test
    void hasTheRequestedShapeSizesAndClasses() {
        DataSplits data = Datasets.generated(GeneratedData.ofSize(300, 40).withFeatures(8).withClasses(4));

        assertThat(data.train().size()).isEqualTo(300);
        assertThat(data.test().size()).isEqualTo(40);
        assertThat(data.train().sampleShape()).isEqualTo(new Shape(8));
        assertThat(data.train().classes()).isEqualTo(4);
        for (int i = 0; i < 300; i++) {
            assertThat(data.train().label(i)).isBetween(0, 3);
        }
    }

    @Test
    void reportsEveryBadSettingAtOnce() {
        GeneratedData bad = new GeneratedData(0, 10, 4, 1, 2, 1.0, 1.0, 0);

        assertThatThrownBy(() -> Datasets.generated(bad))
                .hasMessage("generated training size must be at least 1: 0; generated classes must be at least 2: 1;"
                        + " label noise must be in [0, 1): 1.0");
    }

    @Test
    void trainingSubsetKeepsOriginalOrderOfASeededSelection() {
        DataSplits data = Datasets.generated(GeneratedData.ofSize(100, 10));

        DataSplits subset = data.withTrainSubset(10, 5);
        DataSplits again = data.withTrainSubset(10, 5);

        assertThat(subset.train().size()).isEqualTo(10);
        assertThat(subset.test().size()).isEqualTo(10);
        for (int i = 0; i < 10; i++) {
            assertThat(subset.train().features(i)).containsExactly(again.train().features(i));
        }
        assertThatThrownBy(() -> data.withTrainSubset(101, 0))
                .hasMessage("subset size must be in [1, 100]: 101");
    }
}
