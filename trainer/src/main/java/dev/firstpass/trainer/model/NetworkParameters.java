package dev.firstpass.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The parameters of one network by stable name, read and written as Java float arrays.
 *
 * <p>Writes go into the existing arrays in place: DJL's trainer caches each parameter's array, and a
 * replaced array would silently stop being trained. Names are the block's parameter paths (e.g.
 * "02Linear_weight"), which stay the same across processes; DJL's parameter ids do not.
 */
public final class NetworkParameters {

    private static final NDIndex ALL = new NDIndex(":");

    private final Map<String, Parameter> byName;

    NetworkParameters(Block block) {
        Map<String, Parameter> ordered = new LinkedHashMap<>();
        for (Pair<String, Parameter> pair : block.getParameters()) {
            ordered.put(pair.getKey(), pair.getValue());
        }
        this.byName = Collections.unmodifiableMap(ordered);
    }

    /** Every parameter, including batch-norm running statistics, in the block's order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The parameters a gradient step changes (learned weights, biases, batch-norm scales and shifts). */
    public List<String> trainable() {
        List<String> names = new ArrayList<>();
        byName.forEach((name, parameter) -> {
            if (parameter.requiresGradient()) {
                names.add(name);
            }
        });
        return names;
    }

    /** The weight tensors (dense and convolution kernels), excluding biases and normalisation parameters. */
    public List<String> weights() {
        List<String> names = new ArrayList<>();
        byName.forEach((name, parameter) -> {
            if (parameter.getType() == Parameter.Type.WEIGHT) {
                names.add(name);
            }
        });
        return names;
    }

    /**
     * Updates every trainable parameter in place with {@code optimizer}, from the gradients of the last
     * backward pass.
     *
     * <p>DJL's {@code Trainer.step} does the same through its parameter server, which first copies every
     * gradient so that it can be shared across devices; a run has one device, so the copy is skipped.
     */
    public void step(Optimizer optimizer) {
        for (Parameter parameter : byName.values()) {
            if (parameter.requiresGradient()) {
                NDArray weight = parameter.getArray();
                // Closing the handle leaves the weight's gradient in place: it only releases the reference.
                try (NDArray gradient = weight.getGradient()) {
                    optimizer.update(parameter.getId(), weight, gradient);
                }
            }
        }
    }

    /** Total number of values in the named parameters. */
    public long count(List<String> names) {
        return names.stream().mapToLong(name -> parameter(name).getShape().size()).sum();
    }

    /** A copy of the current values of parameter {@code name}. */
    public float[] values(String name) {
        return parameter(name).getArray().toFloatArray();
    }

    /** Overwrites parameter {@code name} in place. */
    public void setValues(String name, float[] values) {
        NDArray array = parameter(name).getArray();
        if (values.length != array.size()) {
            throw new IllegalArgumentException("parameter " + name + " holds " + array.size() + " values, not "
                    + values.length);
        }
        // An in-place write to a parameter that requires gradients is refused while autograd records.
        // Written through an index rather than NDArray.set(float[]): libtorch answers that call with a
        // deprecation warning on the process's stderr, which no logging configuration can redirect.
        GradientMode.withoutGradients(() -> {
            try (NDManager scratch = array.getManager().newSubManager()) {
                array.set(ALL, scratch.create(values, array.getShape()));
            }
        });
    }

    /** The current values of every parameter, by name. */
    public Map<String, float[]> snapshot() {
        Map<String, float[]> values = new LinkedHashMap<>();
        byName.keySet().forEach(name -> values.put(name, values(name)));
        return values;
    }

    /**
     * A fresh initialisation of every parameter drawn with {@code seed}; the same seed gives the same
     * values for the same network layout.
     */
    public Map<String, float[]> fresh(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, float[]> values = new LinkedHashMap<>();
        byName.forEach((name, parameter) -> values.put(name, SeededInitializer.draw(parameter, random)));
        return values;
    }

    /** Copies of every parameter as arrays named by parameter name, attached to {@code manager}. */
    public NDList export(NDManager manager) {
        NDList list = new NDList();
        byName.forEach((name, parameter) -> {
            NDArray copy = parameter.getArray().duplicate();
            copy.attach(manager);
            copy.setName(name);
            list.add(copy);
        });
        return list;
    }

    /**
     * Overwrites every parameter with the array of the same name from {@link #export}.
     *
     * @throws IllegalArgumentException when a parameter is missing or has another size
     */
    public void restore(NDList saved) {
        Map<String, NDArray> byArrayName = new LinkedHashMap<>();
        saved.forEach(array -> byArrayName.put(array.getName(), array));
        for (String name : byName.keySet()) {
            NDArray array = byArrayName.get(name);
            if (array == null) {
                throw new IllegalArgumentException("saved parameters lack " + name + " (have "
                        + byArrayName.keySet() + ")");
            }
            setValues(name, array.toFloatArray());
        }
    }

    /** The DJL parameter id of each name, for optimizers that key their state by id. */
    public Map<String, String> idsByName() {
        Map<String, String> ids = new LinkedHashMap<>();
        byName.forEach((name, parameter) -> ids.put(name, parameter.getId()));
        return ids;
    }

    private Parameter parameter(String name) {
        Parameter parameter = byName.get(name);
        if (parameter == null) {
            throw new IllegalArgumentException("no parameter named " + name + " (has " + byName.keySet() + ")");
        }
        return parameter;
    }
}
