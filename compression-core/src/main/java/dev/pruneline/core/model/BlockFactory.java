package dev.pruneline.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import dev.pruneline.core.bundle.LayerSpec;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.bundle.ShapeInference;
import dev.pruneline.core.engine.ActivationLayout;
import java.util.HashMap;
import java.util.Map;

/** Builds the DJL blocks of a model.json graph; the parameters are not initialised yet. */
public final class BlockFactory {
    private BlockFactory() {}

    /**
     * A graph block for the spec (validate the spec with ShapeInference first) whose activations run
     * in {@code layout} on the oneDNN path.
     */
    public static GraphBlock build(ModelSpec spec, ActivationLayout layout) {
        Map<String, Block> blocks = new HashMap<>();
        for (LayerSpec l : spec.layers()) {
            Block b = layerBlock(l);
            if (b != null) {
                blocks.put(l.name(), b);
            }
        }
        return new GraphBlock(spec.layers(), blocks, layout);
    }

    private static Block layerBlock(LayerSpec l) {
        return switch (l.type()) {
            case CONV2D ->
                new AlignedConv2d(Conv2d.builder()
                        .setFilters(l.intAttr("outChannels"))
                        .setKernelShape(shape(l.pairAttr("kernel", null)))
                        .optStride(shape(l.pairAttr("stride", new int[] {1, 1})))
                        .optPadding(shape(l.pairAttr("padding", new int[] {0, 0})))
                        .optDilation(shape(l.pairAttr("dilation", new int[] {1, 1})))
                        .optGroups(l.intAttr("groups", 1))
                        .optBias(l.boolAttr("bias", true)));
            case LINEAR ->
                Linear.builder()
                        .setUnits(l.intAttr("outFeatures"))
                        .optBias(l.boolAttr("bias", true))
                        .build();
            case BATCHNORM ->
                BatchNorm.builder()
                        .optEpsilon((float) l.doubleAttr("eps", 1e-5))
                        .optMomentum((float) l.doubleAttr("momentum", 0.9))
                        .build();
            case RELU -> Activation.reluBlock();
            case MAXPOOL -> pool(l, true);
            case AVGPOOL -> pool(l, false);
            case FLATTEN -> Blocks.batchFlattenBlock();
            case DROPOUT ->
                Dropout.builder().optRate((float) l.doubleAttr("rate", 0.5)).build();
            case CLIP -> clip((float) l.doubleAttr("min", 0), (float) l.doubleAttr("max", 6));
            case LEAKYRELU -> Activation.leakyReluBlock((float) l.doubleAttr("alpha", 0.01));
            case SIGMOID -> Activation.sigmoidBlock();
            case HARDSIGMOID -> hardSigmoid((float) l.doubleAttr("alpha", 0.2), (float) l.doubleAttr("beta", 0.5));
            case HARDSWISH ->
                new LambdaBlock(x -> {
                    NDArray v = x.singletonOrThrow();
                    try (NDArray gate = v.div(6).add(0.5f).clip(0, 1)) {
                        return new NDList(v.mul(gate));
                    }
                });
            case GLOBALAVGPOOL ->
                new LambdaBlock(x -> {
                    NDArray v = x.singletonOrThrow();
                    try (NDArray pooled = Pool.globalAvgPool2d(v)) {
                        return new NDList(
                                pooled.reshape(v.getShape().get(0), v.getShape().get(1), 1, 1));
                    }
                });
            case PAD -> pad(ShapeInference.pads(l), (float) l.doubleAttr("value", 0));
            case ADD, MUL, CONCAT -> null;
        };
    }

    private static Block pool(LayerSpec l, boolean max) {
        int[] k = l.pairAttr("kernel", new int[] {2, 2});
        Shape kernel = shape(k);
        Shape stride = shape(l.pairAttr("stride", k));
        Shape pad = shape(l.pairAttr("padding", new int[] {0, 0}));
        boolean ceil = l.boolAttr("ceilMode", false);
        return max
                ? Pool.maxPool2dBlock(kernel, stride, pad, ceil)
                : Pool.avgPool2dBlock(kernel, stride, pad, ceil, l.boolAttr("countIncludePad", true));
    }

    private static Block pad(int[] p, float value) {
        // Widths are (before, after) pairs from the last axis back: width, then height.
        Shape widths = new Shape(p[1], p[3], p[0], p[2]);
        return new LambdaBlock(x -> new NDList(x.singletonOrThrow().pad(widths, value)));
    }

    private static Block clip(float min, float max) {
        return new LambdaBlock(x -> new NDList(x.singletonOrThrow().clip(min, max)));
    }

    private static Block hardSigmoid(float alpha, float beta) {
        return new LambdaBlock(x -> {
            try (NDArray scaled = x.singletonOrThrow().mul(alpha)) {
                try (NDArray shifted = scaled.add(beta)) {
                    return new NDList(shifted.clip(0, 1));
                }
            }
        });
    }

    private static Shape shape(int[] pair) {
        return new Shape(pair[0], pair[1]);
    }
}
