package dev.pruneline.core.prune;

import dev.pruneline.core.bundle.ModelBundle;
import java.util.Map;

/**
 * Result of a pruning run.
 *
 * @param bundle the pruned model: same graph with exact zeros (weight granularity) or a smaller
 *     dense graph (channel granularity)
 * @param threshold the global score at or below which weights were removed; NaN when not global
 * @param removed units removed (weights or channels; for weights including any that were zero)
 * @param considered units considered
 * @param removedShare share removed per unit (tensor name or group id)
 * @param keptChannels kept channel indices per group id; empty for weight granularity
 */
public record PruneOutcome(
        ModelBundle bundle,
        double threshold,
        long removed,
        long considered,
        Map<String, Double> removedShare,
        Map<String, int[]> keptChannels) {}
