package dev.firstpass.trainer.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.Map;

/**
 * One network on one device: the DJL model, its block, and its parameters, initialised from a seed.
 */
public final class Network implements AutoCloseable {

    private final Model model;
    private final NetworkParameters parameters;
    private final Shape sampleShape;
    private final int classes;

    private Network(Model model, Shape sampleShape, int classes) {
        this.model = model;
        this.parameters = new NetworkParameters(model.getBlock());
        this.sampleShape = sampleShape;
        this.classes = classes;
    }

    /**
     * Builds {@code spec} for samples of {@code sampleShape} on {@code device} with parameters drawn
     * from {@code initSeed}.
     *
     * @throws IllegalArgumentException when the model cannot take such samples
     */
    public static Network create(ModelSpec spec, Shape sampleShape, int classes, Device device, long initSeed) {
        spec.mismatch(sampleShape).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        Block block = spec.newBlock(sampleShape, classes);
        Model model = Model.newInstance(spec.describe(), device);
        try {
            model.setBlock(block);
            // Shapes only: every value is overwritten from the seed below.
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1).addAll(sampleShape));
            Network network = new Network(model, sampleShape, classes);
            network.initialise(initSeed);
            return network;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Sets every parameter to a fresh initialisation drawn with {@code seed}. */
    public void initialise(long seed) {
        Map<String, float[]> fresh = parameters.fresh(seed);
        fresh.forEach(parameters::setValues);
    }

    public Model model() {
        return model;
    }

    public NetworkParameters parameters() {
        return parameters;
    }

    public Shape sampleShape() {
        return sampleShape;
    }

    public int classes() {
        return classes;
    }

    public Device device() {
        return model.getNDManager().getDevice();
    }

    @Override
    public void close() {
        model.close();
    }
}
