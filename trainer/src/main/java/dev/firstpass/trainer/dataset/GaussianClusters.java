package dev.firstpass.trainer.dataset;

import ai.djl.ndarray.types.Shape;
import dev.firstpass.trainer.Seeds;
import java.util.SplittableRandom;

/** Draws the samples that {@link GeneratedData} describes. */
final class GaussianClusters {

    private GaussianClusters() {
    }

    static DataSplits generate(GeneratedData spec) {
        SplittableRandom centresRandom = new SplittableRandom(Seeds.derive(spec.seed(), Seeds.DATA, 0));
        double[][] centres = new double[spec.classes() * spec.clustersPerClass()][spec.features()];
        for (double[] centre : centres) {
            for (int i = 0; i < centre.length; i++) {
                centre[i] = spec.spread() * centresRandom.nextGaussian();
            }
        }
        Samples train = draw(spec, centres, spec.trainSize(), Seeds.derive(spec.seed(), Seeds.DATA, 1));
        Samples test = draw(spec, centres, spec.testSize(), Seeds.derive(spec.seed(), Seeds.DATA, 2));
        return new DataSplits("generated", train, test);
    }

    private static Samples draw(GeneratedData spec, double[][] centres, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[count * spec.features()];
        int[] labels = new int[count];
        for (int n = 0; n < count; n++) {
            int cluster = random.nextInt(centres.length);
            int label = cluster / spec.clustersPerClass();
            for (int i = 0; i < spec.features(); i++) {
                values[n * spec.features() + i] = (float) (centres[cluster][i] + random.nextGaussian());
            }
            labels[n] = random.nextDouble() < spec.labelNoise() ? random.nextInt(spec.classes()) : label;
        }
        return Samples.ofValues(new Shape(spec.features()), spec.classes(), values, labels);
    }
}
