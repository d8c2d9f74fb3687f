package dev.pruneline.core.plan;

/**
 * One measurement of a sensitivity curve.
 *
 * @param ratio share of the unit removed
 * @param accuracy validation accuracy with only this unit pruned at that ratio
 */
public record SensitivityPoint(double ratio, double accuracy) {}
