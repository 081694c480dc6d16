package dev.firstpass.trainer.dataset;

import java.util.Objects;

/**
 * A dataset ready for training: its name, the training samples and the held-out test samples.
 *
 * @param name what the data is, e.g. "fashion-mnist" or "generated"
 * @param train the samples a run trains on
 * @param test the held-out samples a run is evaluated on after each epoch
 */
public record DataSplits(String name, Samples train, Samples test) {

    public DataSplits {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (!train.sampleShape().equals(test.sampleShape()) || train.classes() != test.classes()) {
            throw new IllegalArgumentException("train and test samples must have the same shape and classes: "
                    + train.sampleShape() + "/" + train.classes() + " vs " + test.sampleShape() + "/"
                    + test.classes());
        }
    }

    /** The same data with only {@code count} training samples, chosen with {@code seed}. */
    public DataSplits withTrainSubset(int count, long seed) {
        return new DataSplits(name, train.subset(count, seed), test);
    }

    /** The same data with only {@code count} test samples, chosen with {@code seed}. */
    public DataSplits withTestSubset(int count, long seed) {
        return new DataSplits(name, train, test.subset(count, seed));
    }
}
