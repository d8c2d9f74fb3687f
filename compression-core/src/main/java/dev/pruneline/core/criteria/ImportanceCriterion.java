package dev.pruneline.core.prune;

import java.util.List;
import java.util.Map;

/**
 * Scores how important each prunable element is; the pruner removes the lowest scores. One
 * criterion per class, registered by name in {@link CriterionRegistry}.
 */
public interface ImportanceCriterion {
    /** The registry name, e.g. {@code magnitude}. */
    String name();

    /** Whether this criterion can score at that granularity. */
    boolean supports(Granularity granularity);

    /**
     * Scores the given weight tensors. For {@link Granularity#WEIGHT} each score array has the
     * tensor's length (one score per weight); for {@link Granularity#CHANNEL} one score per output
     * channel. Higher means more important.
     *
     * @param context the model, data and parameters
     * @param weightTensors names of the prunable weight tensors, e.g. {@code conv1.weight}
     * @return scores by tensor name
     */
    Map<String, float[]> scores(CriterionContext context, List<String> weightTensors);
}
