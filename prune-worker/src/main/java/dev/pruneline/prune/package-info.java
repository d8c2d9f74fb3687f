/**
 * The prune worker: consumes {@code model.released}, measures the baseline, prunes the model with the release's
 * policy through compression-core, stores the pruned bundle and its report, and publishes {@code model.pruned}.
 */
package dev.pruneline.prune;
