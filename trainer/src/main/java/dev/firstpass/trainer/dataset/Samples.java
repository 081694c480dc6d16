package dev.firstpass.trainer.dataset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Labelled samples held in Java memory, independent of any engine, shared by all runs of a fleet.
 *
 * <p>Images are kept as unsigned bytes (a quarter of the memory of floats) and scaled to floats only
 * when a run copies them to its device; generated data is kept as floats.
 */
public final class Samples {

    private final Shape sampleShape;
    private final int classes;
    private final int[] labels;
    private final byte[] pixels;
    private final float[] values;
    private final ChannelNormalisation normalisation;

    private Samples(Shape sampleShape, int classes, int[] labels, byte[] pixels, float[] values,
            ChannelNormalisation normalisation) {
        this.sampleShape = sampleShape;
        this.classes = classes;
        this.labels = labels;
        this.pixels = pixels;
        this.values = values;
        this.normalisation = normalisation;
        long perSample = sampleShape.size();
        long stored = pixels != null ? pixels.length : values.length;
        if (stored != perSample * labels.length) {
            throw new IllegalArgumentException("samples of shape " + sampleShape + " need " + perSample
                    * labels.length + " values for " + labels.length + " labels, found " + stored);
        }
        for (int label : labels) {
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("labels must be in [0, " + classes + "): " + label);
            }
        }
    }

    /** Images as unsigned bytes, scaled to [0, 1] and then normalised per channel. */
    public static Samples ofPixels(Shape sampleShape, int classes, byte[] pixels, int[] labels,
            ChannelNormalisation normalisation) {
        return new Samples(sampleShape, classes, labels, pixels, null, normalisation);
    }

    /** Samples whose features are already floats. */
    public static Samples ofValues(Shape sampleShape, int classes, float[] values, int[] labels) {
        return new Samples(sampleShape, classes, labels, null, values, ChannelNormalisation.none());
    }

    /** The shape of one sample, e.g. (1, 28, 28) for Fashion-MNIST. */
    public Shape sampleShape() {
        return sampleShape;
    }

    public int classes() {
        return classes;
    }

    public int size() {
        return labels.length;
    }

    /** The label of sample {@code index}. */
    public int label(int index) {
        return labels[index];
    }

    /** The features of sample {@code index} as the model sees them (after scaling). */
    public float[] features(int index) {
        int width = Math.toIntExact(sampleShape.size());
        float[] row = new float[width];
        for (int i = 0; i < width; i++) {
            row[i] = pixels == null ? values[index * width + i] : (pixels[index * width + i] & 0xFF) / 255f;
        }
        return normalisation.apply(row, sampleShape);
    }

    /** The features of every sample as one float32 array of shape (size, sampleShape...). */
    public NDArray featuresOn(NDManager manager) {
        Shape shape = new Shape(size()).addAll(sampleShape);
        if (pixels == null) {
            return manager.create(FloatBuffer.wrap(values), shape, DataType.FLOAT32);
        }
        try (NDArray bytes = manager.create(ByteBuffer.wrap(pixels), shape, DataType.UINT8)) {
            NDArray scaled = bytes.toType(DataType.FLOAT32, false).divi(255f);
            return normalisation.applyTo(scaled, sampleShape);
        }
    }

    /** The labels as one int64 array of shape (size). */
    public NDArray labelsOn(NDManager manager) {
        return manager.create(Arrays.stream(labels).asLongStream().toArray());
    }

    /**
     * The first {@code count} samples of a permutation drawn with {@code seed}, kept in their original
     * order; every run given the same seed trains on the same subset.
     */
    public Samples subset(int count, long seed) {
        if (count < 1 || count > size()) {
            throw new IllegalArgumentException("subset size must be in [1, " + size() + "]: " + count);
        }
        if (count == size()) {
            return this;
        }
        int[] order = permutation(size(), seed);
        int[] chosen = Arrays.copyOf(order, count);
        Arrays.sort(chosen);
        int width = Math.toIntExact(sampleShape.size());
        int[] subLabels = new int[count];
        byte[] subPixels = pixels == null ? null : new byte[count * width];
        float[] subValues = values == null ? null : new float[count * width];
        for (int i = 0; i < count; i++) {
            int from = chosen[i];
            subLabels[i] = labels[from];
            if (pixels != null) {
                System.arraycopy(pixels, from * width, subPixels, i * width, width);
            } else {
                System.arraycopy(values, from * width, subValues, i * width, width);
            }
        }
        return new Samples(sampleShape, classes, subLabels, subPixels, subValues, normalisation);
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates with a seeded generator). */
    public static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
