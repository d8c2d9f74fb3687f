package dev.pruneline.core.prune;

import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.criteria.CriterionContext;
import dev.pruneline.core.criteria.ImportanceCriterion;
import java.util.List;

/** Shortcut for the most common run: unstructured pruning at one global sparsity. */
public final class GlobalPruner {
    private GlobalPruner() {}

    /** Prunes {@code context.bundle()} to the target sparsity of conv/linear weights with {@code criterion}. */
    public static PruneOutcome prune(CriterionContext context, ImportanceCriterion criterion, double sparsity) {
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new PruneException("sparsity must be in [0, 1), got " + sparsity);
        }
        return new WeightPruner().run(context, criterion, Selection.global(sparsity));
    }

    /** Names of the prunable weight tensors in graph order. */
    public static List<String> collect(ModelBundle bundle) {
        return new WeightPruner().collect(bundle);
    }
}
