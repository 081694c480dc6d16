package dev.firstpass.trainer.dataset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Per-channel standardisation of images already scaled to [0, 1]: (x - mean[c]) / std[c].
 *
 * @param mean the mean of each channel; empty for no normalisation
 * @param std the standard deviation of each channel
 */
public record ChannelNormalisation(float[] mean, float[] std) {

    public ChannelNormalisation {
        mean = mean.clone();
        std = std.clone();
        if (mean.length != std.length) {
            throw new IllegalArgumentException("one mean and one std per channel: " + mean.length + " means, "
                    + std.length + " stds");
        }
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** Leaves values as they are. */
    public static ChannelNormalisation none() {
        return new ChannelNormalisation(new float[0], new float[0]);
    }

    /** Subtract {@code mean[c]} and divide by {@code std[c]} in channel c. */
    public static ChannelNormalisation of(float[] mean, float[] std) {
        return new ChannelNormalisation(mean, std);
    }

    boolean isNone() {
        return mean.length == 0;
    }

    float[] apply(float[] sample, Shape sampleShape) {
        if (isNone()) {
            return sample;
        }
        int perChannel = Math.toIntExact(sampleShape.size() / mean.length);
        for (int i = 0; i < sample.length; i++) {
            int channel = i / perChannel;
            sample[i] = (sample[i] - mean[channel]) / std[channel];
        }
        return sample;
    }

    NDArray applyTo(NDArray batch, Shape sampleShape) {
        if (isNone()) {
            return batch;
        }
        // (channels, 1, 1) broadcasts over a batch of (n, channels, height, width).
        Shape perChannel = new Shape(mean.length, 1, 1);
        try (NDArray means = batch.getManager().create(mean, perChannel);
             NDArray stds = batch.getManager().create(std, perChannel)) {
            return batch.subi(means).divi(stds);
        }
    }
}
