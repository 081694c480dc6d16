package dev.firstpass.trainer.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

    @Test
    void namesTheFolderAndHowToGetTheFilesWhenMissing(@TempDir Path empty) {
        Path missing = empty.resolve("x");

        assertThatThrownBy(() -> Datasets.fashionMnist(missing))
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessage("Fashion-MNIST not found at " + missing + ": install the Debian package"
                        + " dataset-fashion-mnist or pass --data-dir (missing train-images-idx3-ubyte.gz)");
    }

    @Test
    void readsTheDebianPackageFilesWhenInstalled() {
        Path folder = Datasets.FASHION_MNIST_DEFAULT;
        Assumptions.assumeTrue(Files.isRegularFile(folder.resolve("t10k-labels-idx1-ubyte.gz")),
                "Fashion-MNIST is not installed at " + folder + " (apt-get install dataset-fashion-mnist); skipped");

        DataSplits data = Datasets.fashionMnist(folder);

        assertThat(data.train().size()).isEqualTo(60_000);
        assertThat(data.test().size()).isEqualTo(10_000);
        assertThat(data.train().sampleShape()).isEqualTo(new Shape(1, 28, 28));
        assertThat(data.train().classes()).isEqualTo(10);
        // The first training image is an ankle boot (9), the first test image too; both published facts.
        assertThat(data.train().label(0)).isEqualTo(9);
        assertThat(data.test().label(0)).isEqualTo(9);
        float[] first = data.train().features(0);
        assertThat(first).hasSize(784);
        for (float value : first) {
            assertThat(value).isBetween(0f, 1f);
        }
    }
}
