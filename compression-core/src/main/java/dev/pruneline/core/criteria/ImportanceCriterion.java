package dev.pruneline.core.criteria;

import dev.pruneline.core.graph.ChannelGroup;
import java.util.List;
import java.util.Map;

/**
 * Scores how important each prunable element is; pruners remove the lowest scores. Higher means
 * more important. A criterion implements one or both granularities; one criterion per class,
 * registered by name in {@link CriterionRegistry}. Its options come from the request's parameters
 * and are declared in {@link #parameters()}.
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

    /** The parameters this criterion reads (keys of {@code PruneRequest.parameters()}). */
    default List<CriterionParameter> parameters() {
        return List.of();
    }

    /** Throws a {@link CriterionException} naming the first declared parameter whose value is bad. */
    default void validate(Map<String, String> values) {
        parameters().forEach(p -> p.check(name(), values));
    }

    /**
     * One score per weight of a conv or linear weight tensor ({@code conv1.weight}), in the
     * tensor's row-major order.
     */
    default float[] weightScores(CriterionContext context, String weightTensor) {
        throw unsupportedGranularity(this, "weight");
    }

    /** One score per channel of a coupled group ({@code group.channels()} values). */
    default float[] channelScores(CriterionContext context, ChannelGroup group) {
        throw unsupportedGranularity(this, "channel");
    }

    /**
     * The error for a granularity ({@code weight} or {@code channel}) the criterion does not score,
     * naming the one it does: "criterion 'apoz' scores channels only; use --granularity channel".
     */
    static CriterionException unsupportedGranularity(ImportanceCriterion criterion, String requested) {
        String c = "criterion '" + criterion.name() + "'";
        if (criterion.scoresChannels() && !criterion.scoresWeights()) {
            return new CriterionException(c + " scores channels only; use --granularity channel");
        }
        if (criterion.scoresWeights() && !criterion.scoresChannels()) {
            return new CriterionException(c + " scores single weights only; use --granularity weight");
        }
        return new CriterionException(c + " does not score granularity '" + requested + "'");
    }
}
