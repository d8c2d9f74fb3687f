package dev.pruneline.core.model;

import dev.pruneline.core.CompressionException;
import dev.pruneline.core.bundle.LayerSpec;
import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.ModelJson;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.bundle.Normalization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Reference architectures as model.json specs, looked up by name for {@code train --arch}. They are
 * ordinary graphs: nothing downstream (training, the dependency graph, surgery, costs) knows them
 * by name, so any graph written in the format is handled the same way.
 */
public final class Architectures {
    /** Names accepted by {@link #byName(String)}. */
    public static final List<String> KNOWN = List.of("lenet5", "vgg-small", "resnet8", "wrn8-2");

    private Architectures() {}

    /** The spec of a named architecture for 28x28 grey digits and 10 classes. */
    public static ModelSpec byName(String arch) {
        return switch (arch) {
            case "lenet5" -> lenet5();
            case "vgg-small" -> vggSmall();
            case "resnet8" -> resnet8();
            case "wrn8-2" -> wideResnet8(2);
            default ->
                throw new CompressionException(
                        "unknown architecture '" + arch + "' (known: " + String.join(", ", KNOWN) + ")");
        };
    }

    /**
     * LeNet-5 (LeCun et al. 1998) as used here: conv1 6@5x5 pad 2, relu, maxpool 2, conv2 16@5x5,
     * relu, maxpool 2, flatten, linear 120, relu, linear 84, relu, linear 10; 61,706 parameters.
     */
    public static ModelSpec lenet5() {
        return lenet5(6, 16);
    }

    /** LeNet-5 with other conv channel counts (as a channel-pruned LeNet-5 would have). */
    public static ModelSpec lenet5(int conv1Channels, int conv2Channels) {
        List<LayerSpec> layers = List.of(
                LayerSpec.of(
                        "conv1",
                        LayerType.CONV2D,
                        Map.of("outChannels", conv1Channels, "kernel", List.of(5, 5), "padding", List.of(2, 2))),
                LayerSpec.of("relu1", LayerType.RELU, Map.of()),
                LayerSpec.of("pool1", LayerType.MAXPOOL, Map.of("kernel", List.of(2, 2))),
                LayerSpec.of("conv2", LayerType.CONV2D, Map.of("outChannels", conv2Channels, "kernel", List.of(5, 5))),
                LayerSpec.of("relu2", LayerType.RELU, Map.of()),
                LayerSpec.of("pool2", LayerType.MAXPOOL, Map.of("kernel", List.of(2, 2))),
                LayerSpec.of("flatten", LayerType.FLATTEN, Map.of()),
                LayerSpec.of("fc1", LayerType.LINEAR, Map.of("outFeatures", 120)),
                LayerSpec.of("relu3", LayerType.RELU, Map.of()),
                LayerSpec.of("fc2", LayerType.LINEAR, Map.of("outFeatures", 84)),
                LayerSpec.of("relu4", LayerType.RELU, Map.of()),
                LayerSpec.of("fc3", LayerType.LINEAR, Map.of("outFeatures", 10)));
        return mnist("lenet5", layers);
    }

    /**
     * VGG-small (after Simonyan and Zisserman 2015, cut down for 28x28 digits): two blocks of two
     * 3x3 convs (32, 32 | 64, 64), each conv followed by batch-norm and ReLU, a 2x2 max-pool after
     * each block, then linear 128, ReLU, linear 10. About 18.7 M MACs per image.
     */
    public static ModelSpec vggSmall() {
        return vggSmall(32, 32, 64, 64);
    }

    /** VGG-small with other conv widths (as a channel-pruned VGG-small would have). */
    public static ModelSpec vggSmall(int... widths) {
        if (widths.length != 4) {
            throw new CompressionException("VGG-small has 4 conv widths, got " + widths.length);
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < widths.length; i++) {
            convBnRelu(layers, "conv" + (i + 1), "bn" + (i + 1), "relu" + (i + 1), null, widths[i], 3, 1);
            if (i % 2 == 1) {
                layers.add(LayerSpec.of("pool" + (i / 2 + 1), LayerType.MAXPOOL, Map.of("kernel", 2)));
            }
        }
        layers.add(LayerSpec.of("flatten", LayerType.FLATTEN, Map.of()));
        layers.add(LayerSpec.of("fc1", LayerType.LINEAR, Map.of("outFeatures", 128)));
        layers.add(LayerSpec.of("relu5", LayerType.RELU, Map.of()));
        layers.add(LayerSpec.of("fc2", LayerType.LINEAR, Map.of("outFeatures", 10)));
        return mnist("vgg-small", layers);
    }

    /**
     * ResNet-8 (He et al. 2016, the CIFAR-style family at depth 8): a 3x3 conv-16 stem, three stages
     * of one basic block each (widths 16, 32, 64; stride 2 from the second stage), global average
     * pooling and linear 10. A basic block is conv-BN-ReLU-conv-BN plus a shortcut, summed by an
     * {@code add} layer and followed by ReLU; the shortcut is the identity in the first stage and a
     * 1x1 conv + BN projection where the stride or width changes.
     */
    public static ModelSpec resnet8() {
        return residual8("resnet8", 1);
    }

    /**
     * ResNet-8 with every width multiplied by {@code k}: WRN-8-k of Zagoruyko and Komodakis (BMVC 2016),
     * e.g. {@code wrn8-2} with widths 32, 64, 128. The same graph with wider layers; on a CPU its
     * convolutions are compute-bound where ResNet-8's 16-channel ones are not.
     */
    public static ModelSpec wideResnet8(int k) {
        if (k < 1) {
            throw new CompressionException("width multiplier must be at least 1, got " + k);
        }
        return residual8("wrn8-" + k, k);
    }

    private static ModelSpec residual8(String name, int k) {
        List<LayerSpec> layers = new ArrayList<>();
        convBnRelu(layers, "stem", "stem_bn", "stem_relu", null, 16 * k, 3, 1);
        String previous = "stem_relu";
        int[] widths = {16 * k, 32 * k, 64 * k};
        int inWidth = 16 * k;
        for (int s = 0; s < widths.length; s++) {
            String p = "s" + (s + 1);
            int stride = s == 0 ? 1 : 2;
            convBnRelu(layers, p + "_conv1", p + "_bn1", p + "_relu1", previous, widths[s], 3, stride);
            layers.add(conv(p + "_conv2", null, widths[s], 3, 1));
            layers.add(LayerSpec.of(p + "_bn2", LayerType.BATCHNORM, Map.of()));
            String shortcut = previous;
            if (stride != 1 || inWidth != widths[s]) {
                layers.add(conv(p + "_proj", previous, widths[s], 1, stride));
                layers.add(LayerSpec.of(p + "_proj_bn", LayerType.BATCHNORM, Map.of()));
                shortcut = p + "_proj_bn";
            }
            layers.add(new LayerSpec(p + "_add", LayerType.ADD, Map.of(), List.of(p + "_bn2", shortcut)));
            layers.add(LayerSpec.of(p + "_relu2", LayerType.RELU, Map.of()));
            previous = p + "_relu2";
            inWidth = widths[s];
        }
        layers.add(LayerSpec.of("gap", LayerType.AVGPOOL, Map.of("kernel", 7)));
        layers.add(LayerSpec.of("flatten", LayerType.FLATTEN, Map.of()));
        layers.add(LayerSpec.of("fc", LayerType.LINEAR, Map.of("outFeatures", 10)));
        return mnist(name, layers);
    }

    private static void convBnRelu(
            List<LayerSpec> layers,
            String conv,
            String bn,
            String relu,
            String input,
            int width,
            int kernel,
            int stride) {
        layers.add(conv(conv, input, width, kernel, stride));
        layers.add(LayerSpec.of(bn, LayerType.BATCHNORM, Map.of()));
        layers.add(LayerSpec.of(relu, LayerType.RELU, Map.of()));
    }

    /** A conv without bias (a batch-norm follows), "same" padding for odd kernels. */
    private static LayerSpec conv(String name, String input, int width, int kernel, int stride) {
        Map<String, Object> attrs =
                Map.of("outChannels", width, "kernel", kernel, "stride", stride, "padding", kernel / 2, "bias", false);
        return new LayerSpec(name, LayerType.CONV2D, attrs, input == null ? List.of() : List.of(input));
    }

    private static ModelSpec mnist(String name, List<LayerSpec> layers) {
        List<String> classes =
                IntStream.range(0, 10).mapToObj(Integer::toString).toList();
        return new ModelSpec(
                ModelJson.SCHEMA_VERSION,
                name,
                null,
                List.of(1, 28, 28),
                classes,
                Normalization.mnist(),
                "mnist",
                layers,
                Map.of(),
                Map.of("architecture", name));
    }
}
