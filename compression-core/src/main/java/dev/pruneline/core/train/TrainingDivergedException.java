package dev.pruneline.core.train;

import dev.pruneline.core.CompressionException;

/**
 * The loss or a gradient became NaN or infinite. Nothing is saved after this: lower the learning
 * rate, check the input data, or run with {@code -Dpruneline.engine.onednn=off}.
 */
public class TrainingDivergedException extends CompressionException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}
