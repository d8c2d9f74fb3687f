/**
 * Training and evaluation on the engine: a seeded mini-batch loop with one native sub-manager per
 * batch, divergence checks, masks that hold pruned weights at zero ({@link MaskedOptimizer}), early
 * stopping on validation accuracy, and progress callbacks ({@link TrainingListener}).
 */
package dev.pruneline.core.train;
