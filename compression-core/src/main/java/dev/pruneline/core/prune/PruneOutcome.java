package dev.pruneline.core.prune;

import dev.pruneline.core.bundle.ModelBundle;
import java.util.Map;

/**
 * Result of a pruning run.
 *
 * @param bundle the pruned model (same graph; pruned weights are exact zeros)
 * @param threshold the global score at or below which weights were removed
 * @param prunedWeights weights set to zero (including any that were zero already)
 * @param prunableWeights weights considered (conv and linear weight tensors)
 * @param layerSparsity resulting sparsity per pruned tensor name
 */
public record PruneOutcome(ModelBundle bundle, double threshold, long prunedWeights, long prunableWeights,
        Map<String, Double> layerSparsity) {
}
