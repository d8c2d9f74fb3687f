package dev.pruneline.core.job;

import java.nio.file.Path;

/**
 * Outcome of {@link CompressionJobs#fineTune}.
 *
 * @param before test-split metrics of the input
 * @param after test-split metrics of the output
 * @param bundleDir the output bundle folder
 * @param reportFile the report
 * @param epochsRun epochs actually run (early stopping may end sooner)
 * @param engineMode engine mode label
 */
public record FineTuneResult(
        StepMetrics before, StepMetrics after, Path bundleDir, Path reportFile, int epochsRun, String engineMode) {}
