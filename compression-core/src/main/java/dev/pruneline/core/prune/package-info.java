/**
 * Pruning: importance criteria (one class each behind {@link ImportanceCriterion}, found by name in
 * {@link CriterionRegistry}) and the pruning run as one template, collect -> score -> select ->
 * apply ({@link GlobalPruner}). Unstructured pruning stores its masks as zeros in the weights.
 */
package dev.pruneline.core.prune;
