package dev.pruneline.core.prune;

import dev.pruneline.core.bundle.LayerSpec;
import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.Tensor;
import dev.pruneline.core.graph.Coupling;
import dev.pruneline.core.graph.CouplingRole;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A layer with a weight whose axis 0 is its outputs and axis 1 its inputs: conv2d (filters; input channels) and
 * linear (neurons; input features, in blocks after a flatten). As producer it keeps output rows and bias entries and
 * records its new width; as consumer it keeps input columns.
 */
final class WeightLayerPruner implements LayerPruner {
    private final LayerType kind;
    private final String widthAttribute;

    private WeightLayerPruner(LayerType kind, String widthAttribute) {
        this.kind = kind;
        this.widthAttribute = widthAttribute;
    }

    static WeightLayerPruner conv() {
        return new WeightLayerPruner(LayerType.CONV2D, "outChannels");
    }

    static WeightLayerPruner linear() {
        return new WeightLayerPruner(LayerType.LINEAR, "outFeatures");
    }

    @Override
    public LayerType kind() {
        return kind;
    }

    @Override
    public LayerSpec keep(LayerSpec layer, Coupling coupling, int[] kept, Map<String, Tensor> tensors) {
        String w = layer.name() + ".weight";
        if (coupling.role() == CouplingRole.CONSUMER) {
            tensors.put(w, TensorSlicing.keep(tensors.get(w), 1, kept, coupling.blockSize()));
            return layer;
        }
        tensors.put(w, TensorSlicing.keep(tensors.get(w), 0, kept, 1));
        tensors.computeIfPresent(layer.name() + ".bias", (k, b) -> TensorSlicing.keep(b, 0, kept, 1));
        Map<String, Object> attrs = new LinkedHashMap<>(layer.attributes());
        attrs.put(widthAttribute, kept.length);
        if (coupling.role() == CouplingRole.NORM) {
            attrs.put("groups", kept.length); // a depthwise convolution stays depthwise
        }
        return new LayerSpec(layer.name(), layer.type(), attrs, layer.inputs());
    }

    @Override
    public void zero(LayerSpec layer, Coupling coupling, int[] removed, Map<String, Tensor> tensors) {
        if (coupling.role() != CouplingRole.CONSUMER) {
            tensors.computeIfPresent(layer.name() + ".weight", (k, t) -> TensorSlicing.zero(t, 0, removed));
            tensors.computeIfPresent(layer.name() + ".bias", (k, t) -> TensorSlicing.zero(t, 0, removed));
        }
    }
}
