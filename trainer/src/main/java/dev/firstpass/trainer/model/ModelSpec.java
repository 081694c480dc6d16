package dev.firstpass.trainer.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which network to train; builds a fresh, uninitialised DJL block for a sample shape and class count.
 */
public sealed interface ModelSpec permits ModelSpec.Mlp, ModelSpec.Cnn, ModelSpec.ResNet18 {

    /** A short name for configs and logs, e.g. "mlp-256-128". */
    String describe();

    /** Why this model cannot take samples of {@code sampleShape}, if it cannot. */
    Optional<String> mismatch(Shape sampleShape);

    /** A new block with {@code classes} outputs (logits). */
    Block newBlock(Shape sampleShape, int classes);

    /** A fully connected network with ReLU between layers of the given widths. */
    static ModelSpec mlp(int... hidden) {
        return new Mlp(Arrays.stream(hidden).boxed().toList());
    }

    /** Two 3x3 convolutions (32 and 64 filters, each followed by ReLU and 2x2 max pooling), a dense layer of 128. */
    static ModelSpec cnn() {
        return new Cnn();
    }

    /** ResNet-18 (basic blocks, 64-128-256-512) with the CIFAR stem: one 3x3 convolution, no pooling. */
    static ModelSpec resnet18() {
        return new ResNet18();
    }

    /** See {@link #mlp(int...)}. */
    record Mlp(List<Integer> hidden) implements ModelSpec {
        public Mlp {
            hidden = List.copyOf(hidden);
            for (int width : hidden) {
                if (width < 1) {
                    throw new IllegalArgumentException("hidden layer width must be at least 1: " + width);
                }
            }
        }

        @Override
        public String describe() {
            StringBuilder name = new StringBuilder("mlp");
            hidden.forEach(width -> name.append('-').append(width));
            return name.toString();
        }

        @Override
        public Optional<String> mismatch(Shape sampleShape) {
            return Optional.empty();
        }

        @Override
        public Block newBlock(Shape sampleShape, int classes) {
            return Networks.mlp(hidden, classes);
        }
    }

    /** See {@link #cnn()}. */
    record Cnn() implements ModelSpec {
        @Override
        public String describe() {
            return "cnn";
        }

        @Override
        public Optional<String> mismatch(Shape sampleShape) {
            return Networks.imageMismatch("cnn", sampleShape, 4);
        }

        @Override
        public Block newBlock(Shape sampleShape, int classes) {
            return Networks.cnn(classes);
        }
    }

    /** See {@link #resnet18()}. */
    record ResNet18() implements ModelSpec {
        @Override
        public String describe() {
            return "resnet18";
        }

        @Override
        public Optional<String> mismatch(Shape sampleShape) {
            return Networks.imageMismatch("resnet18", sampleShape, 8);
        }

        @Override
        public Block newBlock(Shape sampleShape, int classes) {
            return Networks.resnet18(classes);
        }
    }
}
