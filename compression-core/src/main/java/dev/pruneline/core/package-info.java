/**
 * compression-core: the framework-free heart of pruneline. Bundles ({@code bundle}), datasets
 * ({@code data}), model building ({@code model}), training ({@code train}), measurement
 * ({@code measure}), pruning ({@code prune}), reports ({@code report}), the engine set-up
 * ({@code engine}), the facade used by the services ({@code job}) and the CLI ({@code cli}).
 */
package dev.pruneline.core;
