package dev.pruneline.core.cli;

import dev.pruneline.core.train.EpochSummary;
import dev.pruneline.core.train.TrainingListener;
import java.io.PrintWriter;

/** Prints training progress to stderr (so stdout stays clean for {@code --json}). */
final class ProgressPrinter implements TrainingListener {
    private final PrintWriter err;

    ProgressPrinter(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void onBatch(int epoch, int batch, int batches, float loss) {
        if (batch % 25 == 0 || batch == batches) {
            err.printf("\repoch %d  batch %d/%d  loss %.4f", epoch, batch, batches, loss);
            err.flush();
        }
    }

    /** Sensitivity progress on {@code err}: one updating line. */
    static dev.pruneline.core.plan.SensitivityAnalysis.Progress sensitivity(PrintWriter err) {
        return (unit, ratio, accuracy, done, total) -> {
            err.printf("\rsensitivity %d/%d: %s at %.2f -> %.4f   ", done, total, unit, ratio, accuracy);
            if (done == total) {
                err.println();
            }
            err.flush();
        };
    }

    @Override
    public void onEpoch(EpochSummary s) {
        err.printf(
                "\repoch %d done: loss %.4f, validation accuracy %.4f, %d ms%n",
                s.epoch(), s.trainLoss(), s.validationAccuracy(), s.millis());
        err.flush();
    }
}
