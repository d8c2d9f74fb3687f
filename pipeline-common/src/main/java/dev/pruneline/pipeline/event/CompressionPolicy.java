package dev.pruneline.pipeline.event;

import java.util.Map;

/**
 * How a release is to be compressed and judged. Missing values take the defaults of {@link #defaults()}.
 *
 * @param criterion      importance criterion name, e.g. {@code magnitude}
 * @param granularity    {@code weight} (unstructured) or {@code channel} (structured)
 * @param sparsity       target share of prunable weights removed, 0..1
 * @param fineTuneEpochs fine-tuning epochs after pruning; 0 means none
 * @param learningRate   fine-tuning learning rate
 * @param tolerancePp    largest accepted accuracy drop, in percentage points
 * @param parameters     criterion-specific parameters
 */
public record CompressionPolicy(
        String criterion,
        String granularity,
        double sparsity,
        int fineTuneEpochs,
        double learningRate,
        double tolerancePp,
        Map<String, String> parameters) {

    public static final String DEFAULT_CRITERION = "magnitude";
    public static final String DEFAULT_GRANULARITY = "weight";
    public static final double DEFAULT_SPARSITY = 0.8;
    public static final int DEFAULT_FINE_TUNE_EPOCHS = 2;
    public static final double DEFAULT_LEARNING_RATE = 0.001;
    public static final double DEFAULT_TOLERANCE_PP = 1.0;

    public CompressionPolicy {
        if (criterion == null || criterion.isBlank()) {
            criterion = DEFAULT_CRITERION;
        }
        if (granularity == null || granularity.isBlank()) {
            granularity = DEFAULT_GRANULARITY;
        }
        if (!(sparsity > 0 && sparsity < 1)) {
            throw new IllegalArgumentException("sparsity must be in (0, 1), got " + sparsity);
        }
        if (fineTuneEpochs < 0) {
            throw new IllegalArgumentException("fineTuneEpochs must be >= 0, got " + fineTuneEpochs);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a finite number > 0, got " + learningRate);
        }
        if (!(tolerancePp >= 0) || Double.isInfinite(tolerancePp)) {
            throw new IllegalArgumentException("tolerancePp must be a finite number >= 0, got " + tolerancePp);
        }
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    /** magnitude, weight granularity, 80% sparsity, 2 fine-tuning epochs, 1.0 point tolerance. */
    public static CompressionPolicy defaults() {
        return new CompressionPolicy(
                DEFAULT_CRITERION,
                DEFAULT_GRANULARITY,
                DEFAULT_SPARSITY,
                DEFAULT_FINE_TUNE_EPOCHS,
                DEFAULT_LEARNING_RATE,
                DEFAULT_TOLERANCE_PP,
                Map.of());
    }
}
