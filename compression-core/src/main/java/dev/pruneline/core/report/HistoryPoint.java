package dev.pruneline.core.report;

/**
 * One model along a compression run, for the accuracy-against-size plot.
 *
 * @param label e.g. {@code baseline}, {@code round 2}, {@code pruned}
 * @param accuracy test accuracy
 * @param parameters non-zero trainable parameters
 * @param macs non-zero MACs per image
 */
public record HistoryPoint(String label, double accuracy, long parameters, long macs) {}
