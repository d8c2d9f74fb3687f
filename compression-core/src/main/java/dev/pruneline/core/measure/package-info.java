/**
 * What a model costs: parameters, non-zero parameters, MACs (dense and non-zero), sparsity, an
 * energy estimate per layer ({@link EnergyModel}, Eyeriss-style), bundle bytes on disk
 * ({@link ModelCost}, {@link BundleMetrics}), and measured inference latency on the current device
 * ({@link LatencyProbe}).
 */
package dev.pruneline.core.measure;
