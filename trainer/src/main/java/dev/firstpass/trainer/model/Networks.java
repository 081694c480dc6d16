package dev.firstpass.trainer.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import java.util.Optional;

/**
 * The block layouts behind {@link ModelSpec}.
 *
 * <p>ResNet-18 is built here rather than with DJL's ResNetV1 builder: for 18 layers that builder uses
 * bottleneck units, and its 32x32 stem has no batch norm or ReLU, so it is not the ResNet-18 the
 * first-passage experiments were run with.
 */
final class Networks {

    private static final int[] RESNET_WIDTHS = {64, 128, 256, 512};
    private static final float BATCH_NORM_MOMENTUM = 0.9f;

    private Networks() {
    }

    static Block mlp(List<Integer> hidden, int classes) {
        SequentialBlock net = new SequentialBlock().add(Blocks.batchFlattenBlock());
        for (int width : hidden) {
            net.add(Linear.builder().setUnits(width).build()).add(Activation.reluBlock());
        }
        return net.add(Linear.builder().setUnits(classes).build());
    }

    static Block cnn(int classes) {
        return new SequentialBlock()
                .add(conv(32, 3, 1, true))
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(conv(64, 3, 1, true))
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(128).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(classes).build());
    }

    static Block resnet18(int classes) {
        SequentialBlock net = new SequentialBlock()
                .add(conv(RESNET_WIDTHS[0], 3, 1, false))
                .add(batchNorm())
                .add(Activation.reluBlock());
        int inWidth = RESNET_WIDTHS[0];
        for (int stage = 0; stage < RESNET_WIDTHS.length; stage++) {
            int width = RESNET_WIDTHS[stage];
            int stride = stage == 0 ? 1 : 2;
            net.add(basicBlock(width, stride, inWidth != width || stride != 1));
            net.add(basicBlock(width, 1, false));
            inWidth = width;
        }
        return net.add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(classes).build());
    }

    static Optional<String> imageMismatch(String model, Shape sampleShape, long minSide) {
        if (sampleShape.dimension() != 3) {
            return Optional.of("model " + model + " needs image samples (channels, height, width), not samples of"
                    + " shape " + sampleShape);
        }
        if (sampleShape.get(1) < minSide || sampleShape.get(2) < minSide) {
            return Optional.of("model " + model + " needs images of at least " + minSide + "x" + minSide + ": "
                    + sampleShape);
        }
        return Optional.empty();
    }

    private static Block basicBlock(int width, int stride, boolean project) {
        SequentialBlock residual = new SequentialBlock()
                .add(conv(width, 3, stride, false))
                .add(batchNorm())
                .add(Activation.reluBlock())
                .add(conv(width, 3, 1, false))
                .add(batchNorm());
        SequentialBlock shortcut = new SequentialBlock();
        if (project) {
            shortcut.add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(width)
                            .optStride(new Shape(stride, stride)).optBias(false).build())
                    .add(batchNorm());
        } else {
            shortcut.add(Blocks.identityBlock());
        }
        return new ParallelBlock(
                branches -> new NDList(Activation.relu(branches.get(0).singletonOrThrow()
                        .add(branches.get(1).singletonOrThrow()))),
                List.of(residual, shortcut));
    }

    private static Block conv(int filters, int kernel, int stride, boolean bias) {
        int pad = kernel / 2;
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .setFilters(filters)
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(pad, pad))
                .optBias(bias)
                .build();
    }

    private static Block batchNorm() {
        return BatchNorm.builder().optEpsilon(1e-5f).optMomentum(BATCH_NORM_MOMENTUM).build();
    }
}
