package dev.firstpass.trainer.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {

    @TempDir
    Path dir;

    @Test
    void readsPixelsOfTinyGzippedImageFileExactly() throws IOException {
        Path file = dir.resolve("images-idx3-ubyte.gz");
        writeGzipped(file, out -> {
            out.writeInt(2051);
            out.writeInt(2);
            out.writeInt(2);
            out.writeInt(3);
            out.write(new byte[] {0, 1, 2, 3, 4, 5, (byte) 250, (byte) 251, (byte) 252, (byte) 253, (byte) 254,
                (byte) 255});
        });

        IdxFile.Images images = IdxFile.readImages(file);

        assertThat(images.count()).isEqualTo(2);
        assertThat(images.rows()).isEqualTo(2);
        assertThat(images.columns()).isEqualTo(3);
        assertThat(images.pixels()).containsExactly(0, 1, 2, 3, 4, 5, (byte) 250, (byte) 251, (byte) 252,
                (byte) 253, (byte) 254, (byte) 255);
    }

    @Test
    void readsLabelsAsUnsignedBytes() throws IOException {
        Path file = dir.resolve("labels-idx1-ubyte.gz");
        writeGzipped(file, out -> {
            out.writeInt(2049);
            out.writeInt(4);
            out.write(new byte[] {9, 0, 3, (byte) 200});
        });

        assertThat(IdxFile.readLabels(file)).containsExactly(9, 0, 3, 200);
    }

    @Test
    void readsUncompressedFileWhenNameHasNoGzSuffix() throws IOException {
        Path file = dir.resolve("labels-idx1-ubyte");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeInt(2049);
            out.writeInt(2);
            out.write(new byte[] {7, 1});
        }

        assertThat(IdxFile.readLabels(file)).containsExactly(7, 1);
    }

    @Test
    void refusesLabelFileReadAsImagesNamingBothMagicNumbers() throws IOException {
        Path file = dir.resolve("labels.gz");
        writeGzipped(file, out -> {
            out.writeInt(2049);
            out.writeInt(1);
            out.write(new byte[] {1});
        });

        assertThatThrownBy(() -> IdxFile.readImages(file))
                .isInstanceOf(IOException.class)
                .hasMessage(file + " is not an IDX file of images: magic number must be 2051, found 2049");
    }

    @Test
    void reportsFileShorterThanItsHeaderAnnounces() throws IOException {
        Path file = dir.resolve("short.gz");
        writeGzipped(file, out -> {
            out.writeInt(2049);
            out.writeInt(5);
            out.write(new byte[] {1, 2});
        });

        assertThatThrownBy(() -> IdxFile.readLabels(file))
                .hasMessage(file + " ends before the 5 bytes its header announces");
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static void writeGzipped(Path file, Body body) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             DataOutputStream out = new DataOutputStream(new GZIPOutputStream(raw))) {
            body.write(out);
        }
    }
}
