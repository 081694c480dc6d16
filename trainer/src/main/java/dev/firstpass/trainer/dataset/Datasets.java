package dev.firstpass.trainer.dataset;

import java.nio.file.Path;
import java.util.List;

/**
 * Where training data comes from: files already on disk, or generated in memory. Nothing is ever
 * downloaded.
 */
public final class Datasets {

    /** The folder the Debian package dataset-fashion-mnist installs to. */
    public static final Path FASHION_MNIST_DEFAULT = FashionMnist.DEBIAN_FOLDER;

    private Datasets() {
    }

    /**
     * Fashion-MNIST (60,000 training and 10,000 test images of 1x28x28, 10 classes, scaled to [0, 1])
     * from the four IDX .gz files in {@code folder}.
     *
     * @throws DatasetNotFoundException naming the folder when a file is missing
     */
    public static DataSplits fashionMnist(Path folder) {
        return FashionMnist.load(folder);
    }

    /**
     * CIFAR-10 (50,000 training and 10,000 test images of 3x32x32, 10 classes, standardised per
     * channel) from the binary batch files in {@code folder} or in its cifar-10-batches-bin subfolder.
     *
     * @throws DatasetNotFoundException naming the folder and the missing files
     */
    public static DataSplits cifar10(Path folder) {
        return Cifar10.load(folder);
    }

    /** A seeded synthetic task; see {@link GeneratedData}. */
    public static DataSplits generated(GeneratedData spec) {
        List<String> problems = spec.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return GaussianClusters.generate(spec);
    }
}
