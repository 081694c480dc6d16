package dev.firstpass.trainer.dataset;

import java.util.ArrayList;
import java.util.List;

/**
 * A seeded synthetic classification task, built in memory with no files: overlapping Gaussian
 * clusters, several per class, plus a share of flipped labels.
 *
 * <p>Several clusters per class make the classes non-convex, so a linear model cannot fit them and a
 * network needs a few epochs; overlap and flipped labels cap the reachable accuracy below 1, so
 * accuracy curves plateau as real ones do. Stated defaults ({@link #defaults()}): 4,000 training and
 * 1,000 test samples, 32 features, 10 classes, 3 clusters per class, cluster centres drawn with
 * standard deviation 0.7 around the origin (unit-variance clusters), 5% flipped labels, seed 0.
 *
 * @param trainSize training samples
 * @param testSize test samples, drawn from the same distribution
 * @param features dimensions of a sample
 * @param classes number of classes
 * @param clustersPerClass Gaussian clusters of each class
 * @param spread standard deviation of the cluster centres; larger separates the classes more
 * @param labelNoise probability that a sample's label is replaced by a uniformly drawn one
 * @param seed the seed of the data, independent of any run's seed
 */
public record GeneratedData(int trainSize, int testSize, int features, int classes, int clustersPerClass,
        double spread, double labelNoise, long seed) {

    /** The stated defaults. */
    public static GeneratedData defaults() {
        return new GeneratedData(4000, 1000, 32, 10, 3, 0.7, 0.05, 0);
    }

    /** The defaults with other sample counts. */
    public static GeneratedData ofSize(int trainSize, int testSize) {
        GeneratedData d = defaults();
        return new GeneratedData(trainSize, testSize, d.features, d.classes, d.clustersPerClass, d.spread,
                d.labelNoise, d.seed);
    }

    public GeneratedData withFeatures(int newFeatures) {
        return new GeneratedData(trainSize, testSize, newFeatures, classes, clustersPerClass, spread, labelNoise,
                seed);
    }

    public GeneratedData withClasses(int newClasses) {
        return new GeneratedData(trainSize, testSize, features, newClasses, clustersPerClass, spread, labelNoise,
                seed);
    }

    public GeneratedData withSeed(long newSeed) {
        return new GeneratedData(trainSize, testSize, features, classes, clustersPerClass, spread, labelNoise,
                newSeed);
    }

    /** Every problem of these settings, each naming the rule and the value; empty when valid. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (trainSize < 1) {
            problems.add("generated training size must be at least 1: " + trainSize);
        }
        if (testSize < 1) {
            problems.add("generated test size must be at least 1: " + testSize);
        }
        if (features < 1) {
            problems.add("generated features must be at least 1: " + features);
        }
        if (classes < 2) {
            problems.add("generated classes must be at least 2: " + classes);
        }
        if (clustersPerClass < 1) {
            problems.add("clusters per class must be at least 1: " + clustersPerClass);
        }
        if (!(spread > 0) || !Double.isFinite(spread)) {
            problems.add("cluster spread must be greater than 0: " + spread);
        }
        if (!(labelNoise >= 0 && labelNoise < 1)) {
            problems.add("label noise must be in [0, 1): " + labelNoise);
        }
        return problems;
    }
}
