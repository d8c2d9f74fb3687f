package dev.pruneline.core.criteria;

import dev.pruneline.core.TestModels;
import dev.pruneline.core.bundle.LayerSpec;
import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.bundle.Normalization;
import dev.pruneline.core.bundle.Tensor;
import dev.pruneline.core.data.DataSplits;
import dev.pruneline.core.data.ImageSet;
import dev.pruneline.core.model.LoadedModel;
import dev.pruneline.core.train.ActivationRecorder;
import dev.pruneline.core.train.Evaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/** Hand-made networks with chosen weights and hand-made images: criteria tests with known answers. */
final class TinyNets {
    private TinyNets() {}

    static LayerSpec conv(String name, int out, int kernel) {
        return LayerSpec.of(name, LayerType.CONV2D, Map.of("outChannels", out, "kernel", kernel));
    }

    static LayerSpec linear(String name, int out) {
        return LayerSpec.of(name, LayerType.LINEAR, Map.of("outFeatures", out));
    }

    static LayerSpec of(String name, LayerType type) {
        return LayerSpec.of(name, type, Map.of());
    }

    /** A spec over {@code side x side} one-channel images, pixels scaled to [0, 1] without shift. */
    static ModelSpec spec(int side, int classes, LayerSpec... layers) {
        return spec(List.of(1, side, side), new Normalization(List.of(0.0), List.of(1.0)), classes, layers);
    }

    /** A spec over images of {@code inputShape} (channels, height, width) with the given normalization. */
    static ModelSpec spec(List<Integer> inputShape, Normalization normalization, int classes, LayerSpec... layers) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            names.add("c" + i);
        }
        return new ModelSpec(
                1, "tiny", null, inputShape, names, normalization, null, List.of(layers), Map.of(), Map.of());
    }

    /** The spec's tensors seeded at random, then the given ones set (name, shape from the spec, values). */
    static ModelBundle bundle(ModelSpec spec, Map<String, float[]> values) {
        ModelBundle b = TestModels.randomBundle(spec, 3);
        List<Tensor> set = new ArrayList<>();
        values.forEach((name, v) -> set.add(new Tensor(name, b.tensor(name).shape(), v)));
        return b.withTensors(set);
    }

    /** {@code n} images of {@code side x side}; {@code image.apply(i)} gives image i's pixels (0-255) and label. */
    static ImageSet images(int n, int side, IntFunction<int[]> pixels, IntFunction<Integer> label) {
        byte[] px = new byte[n * side * side];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int[] p = pixels.apply(i);
            for (int j = 0; j < p.length; j++) {
                px[i * side * side + j] = (byte) p[j];
            }
            labels[i] = label.apply(i);
        }
        return ImageSet.grey("validation", px, labels, side, side);
    }

    /** Uniform random pixels, label 0. */
    static ImageSet randomImages(int n, int side, long seed) {
        Random rnd = new Random(seed);
        return images(n, side, i -> rnd.ints(side * side, 0, 256).toArray(), i -> 0);
    }

    /** A context with the images as every split, the engine's activation source and an accuracy evaluator. */
    static CriterionContext context(ModelBundle bundle, ImageSet images, Map<String, String> params) {
        return CriterionContext.builder(bundle)
                .parameters(params)
                .seed(7)
                .data(new DataSplits(images, images, images))
                .evaluator(b -> accuracy(b, images))
                .activations(new ActivationRecorder(images))
                .build();
    }

    static double accuracy(ModelBundle b, ImageSet images) {
        try (LoadedModel m = LoadedModel.of(b)) {
            return Evaluator.evaluate(m, images).accuracy();
        }
    }

    /** Indices of {@code scores} from lowest to highest (ties by index). */
    static int[] order(float[] scores) {
        return java.util.stream.IntStream.range(0, scores.length)
                .boxed()
                .sorted((a, b) -> scores[a] != scores[b] ? Float.compare(scores[a], scores[b]) : Integer.compare(a, b))
                .mapToInt(Integer::intValue)
                .toArray();
    }
}
