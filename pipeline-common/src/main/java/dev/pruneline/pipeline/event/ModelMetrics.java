package dev.pruneline.pipeline.event;

/**
 * The small metrics an event carries about one model: top-1 test accuracy (0..1), parameter counts and MACs.
 *
 * @param accuracy          top-1 accuracy on the test split, 0..1
 * @param parameters        all parameters
 * @param nonzeroParameters parameters that are not zero
 * @param macs              multiply-accumulates of one forward pass of one sample
 * @param sparsity          share of prunable weights that are zero, 0..1
 */
public record ModelMetrics(double accuracy, long parameters, long nonzeroParameters, long macs, double sparsity) {}
