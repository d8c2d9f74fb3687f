package dev.pruneline.core.train;

import dev.pruneline.core.CompressionException;
import java.util.List;

/**
 * Settings of a training run; build with {@link #builder()}.
 *
 * @param epochs epochs to run (0 = none)
 * @param batchSize mini-batch size
 * @param learningRate step size
 * @param optimizer {@code adam} or {@code sgd} (momentum 0.9)
 * @param seed seed of the shuffling (and of weight initialisation where the caller uses it)
 * @param maxBatchesPerEpoch stop each epoch after this many batches; 0 = the whole train split
 * @param holdMasks keep weights that are exactly zero at zero (fine-tuning a pruned model)
 * @param earlyStopPatience stop after this many epochs without a better validation accuracy; 0 = off
 * @param listener progress callbacks
 * @param schedule learning-rate schedule over the run: {@code constant}, {@code cosine} (half cosine
 *     down to 1% of the rate) or {@code step} (x0.1 at 50% and 75% of the updates)
 * @param restoreBest at the end, put back the epoch that validates best (accuracy, ties broken by the lower loss), or
 *     the weights the run started from where they validate clearly better than every epoch (beyond the split's
 *     sampling error)
 * @param teacher a model to distill from (Hinton et al. 2015), or null
 * @param distillAlpha weight of the distillation term: loss = (1-a) CE + a T^2 KL(teacher_T || student_T)
 * @param distillTemperature softmax temperature T of the distillation term
 */
public record TrainingOptions(
        int epochs,
        int batchSize,
        double learningRate,
        String optimizer,
        long seed,
        int maxBatchesPerEpoch,
        boolean holdMasks,
        int earlyStopPatience,
        TrainingListener listener,
        String schedule,
        boolean restoreBest,
        dev.pruneline.core.bundle.ModelBundle teacher,
        double distillAlpha,
        double distillTemperature) {

    public TrainingOptions {
        if (!List.of("constant", "cosine", "step").contains(schedule)) {
            throw new CompressionException(
                    "unknown learning-rate schedule '" + schedule + "' (known: constant, cosine, step)");
        }
        if (!(distillAlpha >= 0 && distillAlpha <= 1) || !(distillTemperature > 0)) {
            throw new CompressionException("distillation needs alpha in [0, 1] and temperature > 0, got alpha="
                    + distillAlpha + " temperature=" + distillTemperature);
        }
        if (epochs < 0 || batchSize <= 0 || !(learningRate > 0) || maxBatchesPerEpoch < 0 || earlyStopPatience < 0) {
            throw new CompressionException("training options need epochs >= 0, batch size > 0, learning rate > 0,"
                    + " got epochs=" + epochs + " batchSize=" + batchSize + " learningRate=" + learningRate);
        }
        if (!optimizer.equals("adam") && !optimizer.equals("sgd")) {
            throw new CompressionException("unknown optimizer '" + optimizer + "' (known: adam, sgd)");
        }
    }

    /** A builder with defaults: 1 epoch, batch 64, Adam at 0.001, seed 42, no masks, no early stop. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link TrainingOptions}. */
    public static final class Builder {
        private int epochs = 1;
        private int batchSize = 64;
        private double learningRate = 1e-3;
        private String optimizer = "adam";
        private long seed = 42;
        private int maxBatches;
        private boolean holdMasks;
        private int patience;
        private TrainingListener listener = TrainingListener.NONE;
        private String schedule = "constant";
        private boolean restoreBest;
        private dev.pruneline.core.bundle.ModelBundle teacher;
        private double distillAlpha = 0.5;
        private double distillTemperature = 4;

        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        public Builder optimizer(String v) {
            optimizer = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder maxBatchesPerEpoch(int v) {
            maxBatches = v;
            return this;
        }

        public Builder holdMasks(boolean v) {
            holdMasks = v;
            return this;
        }

        public Builder earlyStopPatience(int v) {
            patience = v;
            return this;
        }

        public Builder listener(TrainingListener v) {
            listener = v;
            return this;
        }

        public Builder schedule(String v) {
            schedule = v;
            return this;
        }

        public Builder restoreBest(boolean v) {
            restoreBest = v;
            return this;
        }

        /** Distills from {@code v} (null = no distillation). */
        public Builder teacher(dev.pruneline.core.bundle.ModelBundle v) {
            teacher = v;
            return this;
        }

        public Builder distillAlpha(double v) {
            distillAlpha = v;
            return this;
        }

        public Builder distillTemperature(double v) {
            distillTemperature = v;
            return this;
        }

        public TrainingOptions build() {
            return new TrainingOptions(
                    epochs,
                    batchSize,
                    learningRate,
                    optimizer,
                    seed,
                    maxBatches,
                    holdMasks,
                    patience,
                    listener,
                    schedule,
                    restoreBest,
                    teacher,
                    distillAlpha,
                    distillTemperature);
        }
    }
}
