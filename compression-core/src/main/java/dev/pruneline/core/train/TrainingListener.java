package dev.pruneline.core.train;

/**
 * Progress callbacks of a training run (the CLI prints them, services may log or meter them).
 * Every method has a do-nothing default, so a listener overrides only what it needs.
 */
public interface TrainingListener {
    /** A listener that ignores everything. */
    TrainingListener NONE = new TrainingListener() {};

    /** Called after each batch with the batch's mean loss. */
    default void onBatch(int epoch, int batch, int batches, float loss) {}

    /** Called after each epoch. */
    default void onEpoch(EpochSummary summary) {}
}
