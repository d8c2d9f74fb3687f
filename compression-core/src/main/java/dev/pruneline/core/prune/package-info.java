/**
 * Pruning runs as one template, collect -> score -> select -> apply ({@link Pruner}):
 * {@link WeightPruner} zeroes single weights (masks are the zeros), {@link ChannelPruner} removes
 * channels of the dependency graph's groups through per-layer surgery ({@link LayerPruner}s in
 * {@link LayerPrunerRegistry}, applied by {@link ChannelSurgery}), giving a smaller dense model.
 */
package dev.pruneline.core.prune;
