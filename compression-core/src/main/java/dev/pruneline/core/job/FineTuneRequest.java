package dev.pruneline.core.job;

import java.nio.file.Path;
import java.util.Map;

/**
 * A request to fine-tune a (pruned) bundle; weights that are zero stay zero.
 *
 * <p>{@code options} keys (all optional): {@code schedule} learning-rate schedule {@code cosine}
 * (default: decayed per step on a half cosine to 1% of {@code learningRate}), {@code constant} or {@code step};
 * {@code patience} early stop after that many epochs without a better validation accuracy (default 0 = off);
 * {@code restore_best} {@code true} (default) keeps the epoch that validates best, or the received weights where
 * they validate clearly better, so fine-tuning never returns a model that validates clearly worse than its input;
 * {@code distill} {@code true} distills from a teacher: the bundle at {@code teacher} (a path) or else the parent
 * bundle recorded in the input's provenance ({@code parent_path}); {@code distill_alpha} (0.5) and
 * {@code distill_temperature} (4);
 * {@code count_pruning_epochs} {@code true} takes the epochs the input's pruning trained (its provenance's
 * {@code training_epochs}) off {@code epochs}, so that {@code epochs} bounds all training after pruning began.
 *
 * @param bundleDir input bundle folder or zip
 * @param dataDir data folder, or a path named {@code sample}
 * @param outDir folder receiving the bundle and {@code report.json}
 * @param epochs epochs; 0 only evaluates and copies
 * @param learningRate Adam learning rate
 * @param seed seed of the shuffling
 * @param options the keys above
 */
public record FineTuneRequest(
        Path bundleDir,
        Path dataDir,
        Path outDir,
        int epochs,
        double learningRate,
        long seed,
        Map<String, String> options) {

    /** The options are kept sorted by key, so that what is written from them is the same in every JVM. */
    public FineTuneRequest {
        options = PruneRequest.sorted(options);
    }

    /** A request with default options. */
    public FineTuneRequest(Path bundleDir, Path dataDir, Path outDir, int epochs, double learningRate, long seed) {
        this(bundleDir, dataDir, outDir, epochs, learningRate, seed, Map.of());
    }

    /** An option, or {@code fallback}. */
    public String option(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }
}
