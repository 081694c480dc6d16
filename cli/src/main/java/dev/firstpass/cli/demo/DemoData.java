package dev.firstpass.cli.demo;

import dev.firstpass.cli.BadInputException;
import dev.firstpass.trainer.Seeds;
import dev.firstpass.trainer.dataset.DataSplits;
import dev.firstpass.trainer.dataset.Datasets;
import dev.firstpass.trainer.dataset.GeneratedData;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Picks and loads the demo's dataset: Fashion-MNIST when it is installed (or installable), else the
 * generated one.
 *
 * @param name fashion-mnist or generated
 * @param splits the training and test data, already cut to the demo's subset
 * @param defaultTarget a test accuracy that runs with a good learning rate reach within a few epochs
 */
record DemoData(String name, DataSplits splits, double defaultTarget) {

    static final String FASHION_MNIST = "fashion-mnist";
    static final String GENERATED = "generated";
    private static final String PACKAGE = "dataset-fashion-mnist";
    // Every run trains on the same subset, whatever its own seed.
    private static final long SUBSET_SEED = Seeds.derive(0, Seeds.DATA, 10);

    /**
     * Loads {@code requested} (auto, fashion-mnist or generated), telling {@code err} what it chose. An
     * epoch is 1,000 training images and 500 test images: short enough for dozens of runs of dozens of
     * epochs on two cores.
     */
    static DemoData load(String requested, PrintWriter err) {
        int trainSubset = 1000;
        int testSubset = 500;
        String name = switch (requested) {
            case "auto" -> fashionMnistAvailable(err) ? FASHION_MNIST : GENERATED;
            case FASHION_MNIST, GENERATED -> requested;
            default -> throw new BadInputException("--dataset must be auto, fashion-mnist or generated: " + requested);
        };
        if (name.equals(FASHION_MNIST)) {
            DataSplits data = Datasets.fashionMnist(Datasets.FASHION_MNIST_DEFAULT);
            data = data.withTrainSubset(Math.min(trainSubset, data.train().size()), SUBSET_SEED)
                    .withTestSubset(Math.min(testSubset, data.test().size()), SUBSET_SEED);
            return new DemoData(name, data, 0.7);
        }
        if (requested.equals("auto")) {
            err.println("Fashion-MNIST is not installed (" + Datasets.FASHION_MNIST_DEFAULT
                    + "); the demo uses the generated dataset instead.");
        }
        return new DemoData(name, Datasets.generated(GeneratedData.ofSize(trainSubset, testSubset)),
                0.65);
    }

    private static boolean fashionMnistAvailable(PrintWriter err) {
        Path folder = Datasets.FASHION_MNIST_DEFAULT;
        if (Files.isDirectory(folder)) {
            return true;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return false;
        }
        err.println("Fashion-MNIST is missing; running apt-get install -y " + PACKAGE);
        err.flush();
        try {
            Process apt = new ProcessBuilder("apt-get", "install", "-y", PACKAGE).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            apt.waitFor();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return Files.isDirectory(folder);
    }
}
