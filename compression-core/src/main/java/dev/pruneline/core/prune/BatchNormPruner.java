package dev.pruneline.core.prune;

import dev.pruneline.core.bundle.LayerSpec;
import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.Tensor;
import dev.pruneline.core.graph.Coupling;
import java.util.Map;

/** Batch-norm: scale, shift and running statistics follow the channels of its group. */
final class BatchNormPruner implements LayerPruner {
    private static final String[] PER_CHANNEL = {"gamma", "beta", "running_mean", "running_var"};

    @Override
    public LayerType kind() {
        return LayerType.BATCHNORM;
    }

    @Override
    public LayerSpec keep(LayerSpec layer, Coupling coupling, int[] kept, Map<String, Tensor> tensors) {
        for (String p : PER_CHANNEL) {
            tensors.computeIfPresent(layer.name() + "." + p, (k, t) -> TensorSlicing.keep(t, 0, kept, 1));
        }
        return layer;
    }

    @Override
    public void zero(LayerSpec layer, Coupling coupling, int[] removed, Map<String, Tensor> tensors) {
        tensors.computeIfPresent(layer.name() + ".gamma", (k, t) -> TensorSlicing.zero(t, 0, removed));
        tensors.computeIfPresent(layer.name() + ".beta", (k, t) -> TensorSlicing.zero(t, 0, removed));
    }
}
