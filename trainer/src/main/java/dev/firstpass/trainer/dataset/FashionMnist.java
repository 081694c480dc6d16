package dev.firstpass.trainer.dataset;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Fashion-MNIST from its four IDX files in one folder (the layout of the Debian package). */
final class FashionMnist {

    static final Path DEBIAN_FOLDER = Path.of("/usr/share/datasets/fashion-mnist");
    static final List<String> FILES = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
    private static final int CLASSES = 10;

    private FashionMnist() {
    }

    static DataSplits load(Path folder) {
        for (String file : FILES) {
            if (!Files.isRegularFile(folder.resolve(file))) {
                throw new DatasetNotFoundException("Fashion-MNIST not found at " + folder
                        + ": install the Debian package dataset-fashion-mnist or pass --data-dir (missing "
                        + file + ")");
            }
        }
        try {
            return new DataSplits("fashion-mnist", split(folder, FILES.get(0), FILES.get(1)),
                    split(folder, FILES.get(2), FILES.get(3)));
        } catch (IOException e) {
            throw new UncheckedIOException("Fashion-MNIST at " + folder + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static Samples split(Path folder, String imagesFile, String labelsFile) throws IOException {
        IdxFile.Images images = IdxFile.readImages(folder.resolve(imagesFile));
        int[] labels = IdxFile.readLabels(folder.resolve(labelsFile));
        if (labels.length != images.count()) {
            throw new IOException(labelsFile + " has " + labels.length + " labels for " + images.count()
                    + " images in " + imagesFile);
        }
        return Samples.ofPixels(new Shape(1, images.rows(), images.columns()), CLASSES, images.pixels(), labels,
                ChannelNormalisation.none());
    }
}
