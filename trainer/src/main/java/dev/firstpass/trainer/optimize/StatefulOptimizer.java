package dev.firstpass.trainer.optimize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import java.util.HashMap;
import java.util.Map;

/**
 * A DJL optimizer whose state (momentum buffers, moment estimates, step counts) can be cleared,
 * saved to a checkpoint and restored, and whose learning rate is set from outside each epoch.
 *
 * <p>DJL's own optimizers keep their state private, so a perturbation could only re-create it by
 * building a new trainer, and a checkpoint could not hold it at all.
 */
public abstract class StatefulOptimizer extends Optimizer {

    private static final String STEPS = "steps";

    private final Map<String, Slots> states = new HashMap<>();
    private volatile float learningRate;

    protected StatefulOptimizer(float learningRate) {
        super(new Settings());
        this.learningRate = learningRate;
    }

    /** The rate the next updates use. */
    public float learningRate() {
        return learningRate;
    }

    public void setLearningRate(float rate) {
        this.learningRate = rate;
    }

    /** Forgets all state, as a freshly built optimizer would have none. */
    public synchronized void resetState() {
        states.values().forEach(Slots::close);
        states.clear();
    }

    /** Whether any parameter has a buffer yet (momentum, moment estimates); plain SGD never has one. */
    public synchronized boolean hasState() {
        return states.values().stream().anyMatch(slots -> slots.arrays.length > 0);
    }

    /**
     * The state of every parameter as named arrays ("NAME#0", "NAME#1", "NAME#steps"), keyed by the
     * stable parameter names of {@code idsByName}.
     */
    public synchronized NDList exportState(Map<String, String> idsByName, NDManager manager) {
        NDList list = new NDList();
        idsByName.forEach((name, id) -> {
            Slots slots = states.get(id);
            if (slots == null) {
                return;
            }
            for (int i = 0; i < slots.arrays.length; i++) {
                NDArray copy = slots.arrays[i].duplicate();
                copy.attach(manager);
                copy.setName(name + "#" + i);
                list.add(copy);
            }
            NDArray steps = manager.create(new long[] {slots.steps});
            steps.setName(name + "#" + STEPS);
            list.add(steps);
        });
        return list;
    }

    /** Replaces all state with what {@link #exportState} wrote; arrays move to {@code owner}'s device. */
    public synchronized void importState(NDList saved, Map<String, String> idsByName, NDManager owner) {
        resetState();
        Map<String, NDArray> byName = new HashMap<>();
        saved.forEach(array -> byName.put(array.getName(), array));
        idsByName.forEach((name, id) -> {
            NDArray steps = byName.get(name + "#" + STEPS);
            if (steps == null) {
                return;
            }
            NDArray[] arrays = new NDArray[slotCount()];
            for (int i = 0; i < arrays.length; i++) {
                NDArray array = byName.get(name + "#" + i);
                if (array == null) {
                    throw new IllegalArgumentException("saved optimizer state lacks " + name + "#" + i);
                }
                arrays[i] = array.toDevice(owner.getDevice(), true);
                arrays[i].attach(owner);
            }
            states.put(id, new Slots(arrays, steps.toLongArray()[0]));
        });
    }

    @Override
    public final void update(String parameterId, NDArray weight, NDArray grad) {
        Slots slots;
        synchronized (this) {
            slots = states.computeIfAbsent(parameterId, id -> Slots.zerosLike(weight, slotCount()));
            slots.steps++;
        }
        step(weight, grad, slots.arrays, slots.steps, learningRate);
    }

    /** How many arrays of state each parameter has (momentum: 1, Adam: 2, plain SGD: 0). */
    protected abstract int slotCount();

    /**
     * Updates {@code weight} in place and zeroes its gradient; {@code grad}, that gradient, may be used as
     * scratch space on the way.
     *
     * @param state this parameter's arrays, updated in place
     * @param step the number of this update of this parameter since the state was last reset, from 1
     */
    protected abstract void step(NDArray weight, NDArray grad, NDArray[] state, long step, float rate);

    /** One parameter's state. */
    private static final class Slots {
        private final NDArray[] arrays;
        private long steps;

        Slots(NDArray[] arrays, long steps) {
            this.arrays = arrays;
            this.steps = steps;
        }

        static Slots zerosLike(NDArray weight, int count) {
            NDArray[] arrays = new NDArray[count];
            for (int i = 0; i < count; i++) {
                arrays[i] = weight.zerosLike();
            }
            return new Slots(arrays, 0);
        }

        void close() {
            for (NDArray array : arrays) {
                array.close();
            }
        }
    }

    /** DJL's optimizer settings at their neutral values: no rescaling, clipping or weight decay. */
    private static final class Settings extends OptimizerBuilder<Settings> {
        @Override
        protected Settings self() {
            return this;
        }
    }
}
