package dev.pruneline.core.job;

import java.nio.file.Path;
import java.util.Map;

/**
 * A request to prune a bundle.
 *
 * @param bundleDir input bundle folder or zip
 * @param dataDir data folder (MNIST layout), or a path named {@code sample} for the bundled sample
 * @param outDir folder receiving the pruned bundle and {@code report.json}
 * @param criterion criterion name, e.g. {@code magnitude}
 * @param granularity {@code weight} (or {@code channel} where the criterion supports it)
 * @param sparsity target share of conv/linear weights to zero, in [0, 1)
 * @param parameters criterion-specific options
 * @param seed seed for any randomness
 */
public record PruneRequest(Path bundleDir, Path dataDir, Path outDir, String criterion, String granularity,
        double sparsity, Map<String, String> parameters, long seed) {
}
