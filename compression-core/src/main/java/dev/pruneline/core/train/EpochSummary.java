package dev.pruneline.core.train;

/**
 * What one epoch achieved.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean training loss over the epoch
 * @param validationAccuracy top-1 accuracy on the validation split, NaN when there is none
 * @param millis wall-clock time of the epoch's training batches
 * @param batches batches run
 */
public record EpochSummary(int epoch, double trainLoss, double validationAccuracy, long millis, int batches) {}
