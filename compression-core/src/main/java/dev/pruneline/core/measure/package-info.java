/**
 * Cost of a model computed from its graph and weights: parameters, non-zero parameters, MACs
 * (dense and non-zero), sparsity of the prunable weights, bundle size on disk.
 */
package dev.pruneline.core.measure;
