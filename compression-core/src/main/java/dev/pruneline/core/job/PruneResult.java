package dev.pruneline.core.job;

import java.nio.file.Path;

/**
 * Outcome of {@link CompressionJobs#prune}.
 *
 * @param baseline metrics of the input, its accuracy measured here on the test split, as the pruned model's
 * @param claimedAccuracy the accuracy the input's model.json states, shown beside the measured one; null when
 *     it states none
 * @param pruned metrics of the pruned model, accuracy measured on the test split
 * @param bundleDir the pruned bundle folder
 * @param reportFile the report
 * @param engineMode engine mode label, e.g. {@code onednn-aligned (kernels verified)}
 */
public record PruneResult(
        StepMetrics baseline,
        Double claimedAccuracy,
        StepMetrics pruned,
        Path bundleDir,
        Path reportFile,
        String engineMode) {}
