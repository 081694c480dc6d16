package dev.firstpass.trainer.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10Test {

    @TempDir
    Path dir;

    @Test
    void readsLabelsAndChannelPlanesOfBinaryBatchesInTheArchiveFolder() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        for (int batch = 1; batch <= 5; batch++) {
            Files.write(folder.resolve("data_batch_" + batch + ".bin"), record(batch, (byte) (batch * 10)));
        }
        Files.write(folder.resolve("test_batch.bin"), record(7, (byte) 255));

        DataSplits data = Datasets.cifar10(dir);

        assertThat(data.train().size()).isEqualTo(5);
        assertThat(data.test().size()).isEqualTo(1);
        assertThat(data.train().sampleShape()).isEqualTo(new Shape(3, 32, 32));
        assertThat(data.train().label(2)).isEqualTo(3);
        assertThat(data.test().label(0)).isEqualTo(7);
        float[] test = data.test().features(0);
        // Pixel 255 in every plane, standardised with the CIFAR-10 channel means and deviations.
        assertThat(test[0]).isCloseTo((1f - 0.4914f) / 0.2470f, within(1e-6f));
        assertThat(test[1024]).isCloseTo((1f - 0.4822f) / 0.2435f, within(1e-6f));
        assertThat(test[2048]).isCloseTo((1f - 0.4465f) / 0.2616f, within(1e-6f));
    }

    @Test
    void namesTheMissingBatchFiles() {
        assertThatThrownBy(() -> Datasets.cifar10(dir))
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessage("CIFAR-10 not found at " + dir + ": pass --data-dir with the folder of the binary"
                        + " version's batch files (missing data_batch_1.bin, data_batch_2.bin, data_batch_3.bin,"
                        + " data_batch_4.bin, data_batch_5.bin, test_batch.bin)");
    }

    private static byte[] record(int label, byte pixel) {
        byte[] record = new byte[1 + 3072];
        record[0] = (byte) label;
        Arrays.fill(record, 1, record.length, pixel);
        return record;
    }
}
