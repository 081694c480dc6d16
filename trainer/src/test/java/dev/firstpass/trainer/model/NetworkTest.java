package dev.firstpass.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class NetworkTest {

    private static Shape logitsOf(Network network, Shape sampleShape) {
        try (var manager = network.model().getNDManager().newSubManager()) {
            NDArray input = manager.ones(new Shape(2).addAll(sampleShape));
            NDList output = network.model().getBlock().forward(new ParameterStore(manager, false), new NDList(input),
                    false);
            return output.head().getShape();
        }
    }

    @Test
    void mlpHasTheLayerSizesOfItsSpec() {
        try (Network mlp = Network.create(ModelSpec.mlp(256, 128), new Shape(1, 28, 28), 10, Device.cpu(), 1)) {
            NetworkParameters parameters = mlp.parameters();

            assertThat(parameters.count(parameters.trainable())).isEqualTo(784 * 256 + 256 + 256 * 128 + 128
                    + 128 * 10 + 10);
            assertThat(logitsOf(mlp, new Shape(1, 28, 28))).isEqualTo(new Shape(2, 10));
        }
    }

    @Test
    void cnnGivesOneLogitPerClassForFashionMnistImages() {
        try (Network cnn = Network.create(ModelSpec.cnn(), new Shape(1, 28, 28), 10, Device.cpu(), 1)) {
            assertThat(logitsOf(cnn, new Shape(1, 28, 28))).isEqualTo(new Shape(2, 10));
        }
    }

    @Test
    void resnet18HasTheParameterCountOfTheCifarResNet18() {
        try (Network resnet = Network.create(ModelSpec.resnet18(), new Shape(3, 32, 32), 10, Device.cpu(), 1)) {
            NetworkParameters parameters = resnet.parameters();

            // The CIFAR ResNet-18 (3x3 stem, basic blocks 64-128-256-512, projection shortcuts) has 11,173,962.
            assertThat(parameters.count(parameters.trainable())).isEqualTo(11_173_962L);
            assertThat(logitsOf(resnet, new Shape(3, 32, 32))).isEqualTo(new Shape(2, 10));
        }
    }

    @Test
    void sameInitialisationSeedGivesTheSameWeights() {
        try (Network a = Network.create(ModelSpec.mlp(4), new Shape(3), 2, Device.cpu(), 7);
             Network b = Network.create(ModelSpec.mlp(4), new Shape(3), 2, Device.cpu(), 7)) {
            assertThat(a.parameters().values("02Linear_weight")).containsExactly(b.parameters().values("02Linear_weight"));
            assertThat(a.parameters().values("02Linear_bias")).containsOnly(0f);
        }
    }

    @Test
    void imageModelsRefuseFlatSamples() {
        assertThatThrownBy(() -> Network.create(ModelSpec.resnet18(), new Shape(32), 10, Device.cpu(), 1))
                .hasMessage("model resnet18 needs image samples (channels, height, width), not samples of shape (32)");
    }
}
