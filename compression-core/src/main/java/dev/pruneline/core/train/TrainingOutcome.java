package dev.pruneline.core.train;

import java.util.List;

/**
 * What a training run did.
 *
 * @param epochsRun epochs completed (fewer than asked when early stopping triggered)
 * @param epochs per-epoch summaries
 * @param engineMode engine mode label during training, e.g. {@code onednn-aligned (kernels verified)}
 * @param threads intra-op thread count during training
 */
public record TrainingOutcome(int epochsRun, List<EpochSummary> epochs, String engineMode, int threads) {}
