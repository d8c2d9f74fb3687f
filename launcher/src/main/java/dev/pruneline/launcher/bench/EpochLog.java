package dev.pruneline.launcher.bench;

import dev.pruneline.core.train.EpochSummary;
import dev.pruneline.core.train.TrainingListener;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Prints training progress of one phase to stderr and keeps its epoch times. */
final class EpochLog implements TrainingListener {
    private final String phase;
    private final PrintWriter err;
    private final List<Long> millis = new ArrayList<>();

    EpochLog(String phase, PrintWriter err) {
        this.phase = phase;
        this.err = err;
    }

    @Override
    public void onBatch(int epoch, int batch, int batches, float loss) {
        if (batch % 10 == 0 || batch == batches) {
            err.printf("\r%s: epoch %d  batch %d/%d  loss %.4f", phase, epoch, batch, batches, loss);
            err.flush();
        }
    }

    @Override
    public void onEpoch(EpochSummary s) {
        millis.add(s.millis());
        err.printf(
                "\r%s: epoch %d done: loss %.4f, validation accuracy %.4f, %d ms%n",
                phase, s.epoch(), s.trainLoss(), s.validationAccuracy(), s.millis());
        err.flush();
    }

    /** Median epoch time in milliseconds, 0 when no epoch ran. */
    long medianMillis() {
        if (millis.isEmpty()) {
            return 0;
        }
        return millis.stream().sorted().toList().get(millis.size() / 2);
    }
}
