package dev.pruneline.core.criteria;

import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.data.DataSplits;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Everything a criterion may look at. Magnitude needs only the weights; data-driven criteria
 * (APoZ, entropy, Taylor, class discrimination) use {@link #activations}, which streams layer
 * outputs (and, on request, dLoss/dOutput) with the labels; search criteria (random masks,
 * oracle) use {@link #accuracyOf} to evaluate candidate models repeatedly. Build with
 * {@link #builder(ModelBundle)}.
 */
public final class CriterionContext {
    private final ModelBundle bundle;
    private final Map<String, String> parameters;
    private final long seed;
    private final DataSplits data;
    private final ToDoubleFunction<ModelBundle> accuracyOf;
    private final ActivationSource activations;

    private CriterionContext(Builder b) {
        this.bundle = b.bundle;
        this.parameters = Map.copyOf(b.parameters);
        this.seed = b.seed;
        this.data = b.data;
        this.accuracyOf = b.accuracyOf;
        this.activations = b.activations;
    }

    /** A builder for scoring {@code bundle}; everything else is optional. */
    public static Builder builder(ModelBundle bundle) {
        return new Builder(bundle);
    }

    /** A context with only weights and parameters. */
    public static CriterionContext of(ModelBundle bundle, Map<String, String> parameters) {
        return builder(bundle).parameters(parameters).build();
    }

    /** The model being scored. */
    public ModelBundle bundle() {
        return bundle;
    }

    /** A copy scoring another bundle (iterative schedules) with the same data and tools. */
    public CriterionContext withBundle(ModelBundle other) {
        return new Builder(other)
                .parameters(parameters)
                .seed(seed)
                .data(data)
                .evaluator(accuracyOf)
                .activations(activations)
                .build();
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
            throw new CriterionException("criterion '" + criterion + "' needs a dataset, but none was given");
        }
        return data;
    }

    /** Validation accuracy of a candidate; throws when the caller supplied no evaluator. */
    public double accuracyOf(String criterion, ModelBundle candidate) {
        if (accuracyOf == null) {
            throw new CriterionException(
                    "criterion '" + criterion + "' needs to evaluate models, but no evaluator was given");
        }
        return accuracyOf.applyAsDouble(candidate);
    }

    /** Streams activations of the scored model; throws when the caller supplied no source. */
    public void activations(String criterion, ActivationRequest request, ActivationSource.Visitor visitor) {
        if (activations == null) {
            throw new CriterionException(
                    "criterion '" + criterion + "' needs activations, but no data source was given");
        }
        activations.forEachBatch(bundle, request, visitor);
    }

    /** Builder of {@link CriterionContext}. */
    public static final class Builder {
        private final ModelBundle bundle;
        private Map<String, String> parameters = Map.of();
        private long seed = 42;
        private DataSplits data;
        private ToDoubleFunction<ModelBundle> accuracyOf;
        private ActivationSource activations;

        private Builder(ModelBundle bundle) {
            this.bundle = bundle;
        }

        public Builder parameters(Map<String, String> v) {
            parameters = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder data(DataSplits v) {
            data = v;
            return this;
        }

        /** Validation accuracy of a candidate bundle. */
        public Builder evaluator(ToDoubleFunction<ModelBundle> v) {
            accuracyOf = v;
            return this;
        }

        public Builder activations(ActivationSource v) {
            activations = v;
            return this;
        }

        public CriterionContext build() {
            return new CriterionContext(this);
        }
    }
}
