package dev.pruneline.core.prune;

import dev.pruneline.core.bundle.LayerSpec;
import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.Tensor;
import dev.pruneline.core.graph.Coupling;
import java.util.Map;

/**
 * Channel surgery on one kind of layer (Torch-Pruning's per-layer prune functions). Found by
 * layer kind in {@link LayerPrunerRegistry}. A new prunable layer kind needs one class here, its
 * registration, and its case in the dependency graph; CONTRIBUTING.md lists the rest of what a new
 * layer type touches (shapes, blocks, costs).
 */
public interface LayerPruner {
    /** The layer kind this pruner edits. */
    LayerType kind();

    /**
     * Keeps only {@code kept} (ascending channel indices) on the side of {@code layer} that
     * {@code coupling} names, replacing the affected tensors in {@code tensors}.
     *
     * @return the layer spec with updated attributes (e.g. {@code outChannels})
     */
    LayerSpec keep(LayerSpec layer, Coupling coupling, int[] kept, Map<String, Tensor> tensors);

    /**
     * Sets the {@code removed} channels to zero without changing shapes, so that the layer emits
     * exactly zero on them (a producer zeroes filter and bias, a batch-norm its scale and shift;
     * consumers need nothing). The masked model computes what the shrunk model computes.
     */
    void zero(LayerSpec layer, Coupling coupling, int[] removed, Map<String, Tensor> tensors);
}
