package dev.pruneline.core.job;

import java.nio.file.Path;

/**
 * Outcome of {@link CompressionJobs#prune}.
 *
 * @param baseline metrics of the input (stored accuracy when the bundle has one)
 * @param pruned metrics of the pruned model, accuracy measured on the test split
 * @param bundleDir the pruned bundle folder
 * @param reportFile the report
 * @param engineMode engine mode label, e.g. {@code onednn-aligned (kernels verified)}
 */
public record PruneResult(
        StepMetrics baseline, StepMetrics pruned, Path bundleDir, Path reportFile, String engineMode) {}
