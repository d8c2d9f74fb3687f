package dev.pruneline.core.job;

import java.nio.file.Path;

/**
 * A request to fine-tune a (pruned) bundle; weights that are zero stay zero.
 *
 * @param bundleDir input bundle folder or zip
 * @param dataDir data folder, or a path named {@code sample}
 * @param outDir folder receiving the bundle and {@code report.json}
 * @param epochs epochs; 0 only evaluates and copies
 * @param learningRate Adam learning rate
 * @param seed seed of the shuffling
 */
public record FineTuneRequest(Path bundleDir, Path dataDir, Path outDir, int epochs, double learningRate, long seed) {
}
