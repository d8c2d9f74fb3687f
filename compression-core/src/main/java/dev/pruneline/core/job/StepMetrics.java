package dev.pruneline.core.job;

import dev.pruneline.core.measure.BundleMetrics;

/**
 * Headline metrics of a model at one step of the pipeline.
 *
 * @param accuracy top-1 accuracy on the test split
 * @param parameters trainable parameters
 * @param nonzeroParameters non-zero trainable parameters
 * @param macs multiply-accumulates per image (dense count)
 * @param sparsity share of conv/linear weights that are zero
 */
public record StepMetrics(double accuracy, long parameters, long nonzeroParameters, long macs, double sparsity) {

    /** The headline subset of full metrics. */
    public static StepMetrics of(BundleMetrics m) {
        return new StepMetrics(m.accuracy(), m.parameters(), m.nonzeroParameters(), m.macs(), m.sparsity());
    }
}
