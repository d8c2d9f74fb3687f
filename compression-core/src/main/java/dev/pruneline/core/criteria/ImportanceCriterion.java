package dev.pruneline.core.criteria;

import dev.pruneline.core.graph.ChannelGroup;

/**
 * Scores how important each prunable element is; pruners remove the lowest scores. Higher means
 * more important. A criterion implements one or both granularities; one criterion per class,
 * registered by name in {@link CriterionRegistry}.
 */
public interface ImportanceCriterion {
    /** The registry name, e.g. {@code magnitude}. */
    String name();

    /** Whether {@link #weightScores} is implemented. */
    default boolean scoresWeights() {
        return false;
    }

    /** Whether {@link #channelScores} is implemented. */
    default boolean scoresChannels() {
        return false;
    }

    /**
     * One score per weight of a conv or linear weight tensor ({@code conv1.weight}), in the
     * tensor's row-major order.
     */
    default float[] weightScores(CriterionContext context, String weightTensor) {
        throw new CriterionException("criterion '" + name() + "' does not score single weights (granularity weight)");
    }

    /** One score per channel of a coupled group ({@code group.channels()} values). */
    default float[] channelScores(CriterionContext context, ChannelGroup group) {
        throw new CriterionException("criterion '" + name() + "' does not score channels (granularity channel)");
    }
}
