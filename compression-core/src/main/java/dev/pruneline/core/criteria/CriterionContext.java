package dev.pruneline.core.prune;

import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.data.DataSplits;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Everything a criterion may look at. Magnitude needs only the weights; data-driven criteria
 * (APoZ, entropy, Taylor, class discrimination) use {@link #data()}, and search criteria (random
 * masks, oracle) use {@link #accuracyOf} to evaluate candidate models repeatedly.
 */
public final class CriterionContext {
    private final ModelBundle bundle;
    private final Granularity granularity;
    private final Map<String, String> parameters;
    private final long seed;
    private final DataSplits data;
    private final ToDoubleFunction<ModelBundle> accuracyOf;

    /**
     * @param bundle the model to score
     * @param granularity what is being pruned
     * @param parameters criterion-specific options (e.g. {@code norm=l2})
     * @param seed seed for any randomness
     * @param data dataset splits, may be null when the caller has none
     * @param accuracyOf validation accuracy of a candidate bundle, may be null
     */
    public CriterionContext(ModelBundle bundle, Granularity granularity, Map<String, String> parameters, long seed,
            DataSplits data, ToDoubleFunction<ModelBundle> accuracyOf) {
        this.bundle = bundle;
        this.granularity = granularity;
        this.parameters = Map.copyOf(parameters);
        this.seed = seed;
        this.data = data;
        this.accuracyOf = accuracyOf;
    }

    /** The model being scored. */
    public ModelBundle bundle() {
        return bundle;
    }

    /** The granularity asked for. */
    public Granularity granularity() {
        return granularity;
    }

    /** A criterion parameter, or {@code fallback} when absent. */
    public String parameter(String name, String fallback) {
        return parameters.getOrDefault(name, fallback);
    }

    /** All criterion parameters. */
    public Map<String, String> parameters() {
        return parameters;
    }

    /** The seed for any randomness. */
    public long seed() {
        return seed;
    }

    /** The dataset; throws when the caller supplied none. */
    public DataSplits data(String criterion) {
        if (data == null) {
            throw new PruneException("criterion '" + criterion + "' needs a dataset, but none was given");
        }
        return data;
    }

    /** Validation accuracy of a candidate; throws when the caller supplied no evaluator. */
    public double accuracyOf(String criterion, ModelBundle candidate) {
        if (accuracyOf == null) {
            throw new PruneException("criterion '" + criterion + "' needs to evaluate models, but no evaluator was given");
        }
        return accuracyOf.applyAsDouble(candidate);
    }
}
