package dev.firstpass.trainer.perturb;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import dev.firstpass.trainer.model.ModelSpec;
import dev.firstpass.trainer.model.Network;
import dev.firstpass.trainer.model.NetworkParameters;

/** A 4-3-2 MLP with a target that counts optimizer resets and schedule restarts. */
final class TinyNetwork implements PerturbationTarget, AutoCloseable {

    final Network network = Network.create(ModelSpec.mlp(3), new Shape(4), 2, Device.cpu(), 11);
    int optimizerResets;
    int scheduleRestarts;

    @Override
    public NetworkParameters parameters() {
        return network.parameters();
    }

    @Override
    public void resetOptimizerState() {
        optimizerResets++;
    }

    @Override
    public void restartLearningRateSchedule() {
        scheduleRestarts++;
    }

    @Override
    public void close() {
        network.close();
    }
}
