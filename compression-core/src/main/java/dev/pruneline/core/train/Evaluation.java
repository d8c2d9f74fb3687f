package dev.pruneline.core.train;

import java.util.List;

/**
 * Result of evaluating a model on a split.
 *
 * @param accuracy top-1 accuracy overall
 * @param loss mean softmax cross-entropy
 * @param samples images evaluated
 * @param perClassAccuracy top-1 accuracy per class index (NaN where a class has no samples)
 */
public record Evaluation(double accuracy, double loss, int samples, List<Double> perClassAccuracy) {}
