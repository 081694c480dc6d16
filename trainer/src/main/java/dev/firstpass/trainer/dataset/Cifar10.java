package dev.firstpass.trainer.dataset;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 from its binary batch files: each record is one label byte followed by 3,072 pixel bytes
 * (the red, green and blue 32x32 planes).
 */
final class Cifar10 {

    static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
            "data_batch_4.bin", "data_batch_5.bin");
    static final String TEST_FILE = "test_batch.bin";
    /** The folder name inside the archive; accepted below the given folder too. */
    static final String ARCHIVE_FOLDER = "cifar-10-batches-bin";
    private static final int PIXELS = 3 * 32 * 32;
    private static final int RECORD = 1 + PIXELS;
    private static final int CLASSES = 10;
    // Channel statistics of the CIFAR-10 training set, the usual standardisation for ResNets.
    private static final ChannelNormalisation NORMALISATION = ChannelNormalisation.of(
            new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2470f, 0.2435f, 0.2616f});

    private Cifar10() {
    }

    static DataSplits load(Path given) {
        Path folder = Files.isRegularFile(given.resolve(TEST_FILE)) ? given : given.resolve(ARCHIVE_FOLDER);
        List<String> missing = new ArrayList<>();
        for (String file : allFiles()) {
            if (!Files.isRegularFile(folder.resolve(file))) {
                missing.add(file);
            }
        }
        if (!missing.isEmpty()) {
            throw new DatasetNotFoundException("CIFAR-10 not found at " + given + ": pass --data-dir with the"
                    + " folder of the binary version's batch files (missing " + String.join(", ", missing) + ")");
        }
        try {
            return new DataSplits("cifar10", read(folder, TRAIN_FILES), read(folder, List.of(TEST_FILE)));
        } catch (IOException e) {
            throw new UncheckedIOException("CIFAR-10 at " + folder + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static List<String> allFiles() {
        List<String> all = new ArrayList<>(TRAIN_FILES);
        all.add(TEST_FILE);
        return all;
    }

    private static Samples read(Path folder, List<String> files) throws IOException {
        List<byte[]> contents = new ArrayList<>();
        int records = 0;
        for (String file : files) {
            byte[] bytes = Files.readAllBytes(folder.resolve(file));
            if (bytes.length % RECORD != 0) {
                throw new IOException(file + " must hold whole records of " + RECORD + " bytes: " + bytes.length
                        + " bytes");
            }
            contents.add(bytes);
            records += bytes.length / RECORD;
        }
        byte[] pixels = new byte[records * PIXELS];
        int[] labels = new int[records];
        int at = 0;
        for (byte[] bytes : contents) {
            for (int offset = 0; offset < bytes.length; offset += RECORD) {
                labels[at] = bytes[offset] & 0xFF;
                System.arraycopy(bytes, offset + 1, pixels, at * PIXELS, PIXELS);
                at++;
            }
        }
        return Samples.ofPixels(new Shape(3, 32, 32), CLASSES, pixels, labels, NORMALISATION);
    }
}
