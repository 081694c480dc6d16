package dev.firstpass.trainer.dataset;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of MNIST-like datasets: a big-endian header (magic number, counts, rows,
 * columns) followed by unsigned bytes, gzip-compressed when the file name ends in ".gz".
 */
public final class IdxFile {

    /** Magic number of an IDX file of unsigned-byte images (three dimensions). */
    public static final int IMAGES_MAGIC = 2051;
    /** Magic number of an IDX file of unsigned-byte labels (one dimension). */
    public static final int LABELS_MAGIC = 2049;

    private IdxFile() {
    }

    /** Images of one IDX file: their count, size and pixels, row by row, image after image. */
    public record Images(int count, int rows, int columns, byte[] pixels) {
    }

    /** Reads an image file (magic 2051). */
    public static Images readImages(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            requireMagic(in.readInt(), IMAGES_MAGIC, "images", file);
            int count = nonNegative(in.readInt(), "image count", file);
            int rows = nonNegative(in.readInt(), "rows", file);
            int columns = nonNegative(in.readInt(), "columns", file);
            byte[] pixels = new byte[Math.multiplyExact(Math.multiplyExact(count, rows), columns)];
            readFully(in, pixels, file);
            return new Images(count, rows, columns, pixels);
        }
    }

    /** Reads a label file (magic 2049); labels are unsigned bytes. */
    public static int[] readLabels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            requireMagic(in.readInt(), LABELS_MAGIC, "labels", file);
            int count = nonNegative(in.readInt(), "label count", file);
            byte[] raw = new byte[count];
            readFully(in, raw, file);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = raw[i] & 0xFF;
            }
            return labels;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new DataInputStream(in);
    }

    private static void requireMagic(int magic, int expected, String what, Path file) throws IOException {
        if (magic != expected) {
            throw new IOException(file + " is not an IDX file of " + what + ": magic number must be " + expected
                    + ", found " + magic);
        }
    }

    private static int nonNegative(int value, String what, Path file) throws IOException {
        if (value < 0) {
            throw new IOException(file + ": " + what + " must not be negative: " + value);
        }
        return value;
    }

    private static void readFully(DataInputStream in, byte[] into, Path file) throws IOException {
        try {
            in.readFully(into);
        } catch (EOFException e) {
            throw new IOException(file + " ends before the " + into.length + " bytes its header announces", e);
        }
    }
}
