package dev.pruneline.core.model;

import dev.pruneline.core.CompressionException;
import dev.pruneline.core.bundle.LayerSpec;
import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.ModelJson;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.bundle.Normalization;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Reference architectures as model.json specs, looked up by name for {@code train --arch}. */
public final class Architectures {
    /** Names accepted by {@link #byName(String)}. */
    public static final List<String> KNOWN = List.of("lenet5");

    private Architectures() {
    }

    /** The spec of a named architecture for 28x28 grey digits and 10 classes. */
    public static ModelSpec byName(String arch) {
        if ("lenet5".equals(arch)) {
            return lenet5();
        }
        throw new CompressionException("unknown architecture '" + arch + "' (known: " + String.join(", ", KNOWN) + ")");
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
                LayerSpec.of("conv1", LayerType.CONV2D,
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
        List<String> classes = IntStream.range(0, 10).mapToObj(Integer::toString).toList();
        return new ModelSpec(ModelJson.SCHEMA_VERSION, "lenet5", null, List.of(1, 28, 28), classes,
                Normalization.mnist(), "mnist", layers, Map.of(), Map.of("architecture", "lenet5"));
    }
}
