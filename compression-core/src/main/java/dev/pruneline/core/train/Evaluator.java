package dev.pruneline.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import dev.pruneline.core.data.ImageSet;
import dev.pruneline.core.deadline.JobDeadline;
import dev.pruneline.core.model.LoadedModel;
import java.util.ArrayList;
import java.util.List;

/** Top-1 accuracy (overall and per class) and mean loss of a model on a split; no gradients. */
public final class Evaluator {
    private static final int BATCH = 256;

    private Evaluator() {}

    /** Evaluates every image of {@code set}. */
    public static Evaluation evaluate(LoadedModel model, ImageSet set) {
        Batches batches = new Batches(set, model.spec());
        int classes = model.spec().classes().size();
        long[] correct = new long[classes];
        long[] total = new long[classes];
        double lossSum = 0;
        int n = set.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Loss lossFn = Loss.softmaxCrossEntropyLoss();
        ParameterStore ps = new ParameterStore(model.manager(), false);
        for (int from = 0; from < n; from += BATCH) {
            JobDeadline.checkpoint("evaluating");
            int to = Math.min(n, from + BATCH);
            try (NDManager bm = model.manager().newSubManager()) {
                NDArray x = batches.images(bm, order, from, to);
                NDArray y = batches.labels(bm, order, from, to);
                NDArray logits = model.block().forward(ps, new NDList(x), false).singletonOrThrow();
                lossSum += lossFn.evaluate(new NDList(y), new NDList(logits)).getFloat() * (to - from);
                long[] pred = logits.argMax(1).toLongArray();
                int[] labels = y.toIntArray();
                for (int i = 0; i < pred.length; i++) {
                    total[labels[i]]++;
                    if (pred[i] == labels[i]) {
                        correct[labels[i]]++;
                    }
                }
            }
        }
        long allCorrect = 0;
        List<Double> perClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            allCorrect += correct[c];
            perClass.add(total[c] == 0 ? Double.NaN : (double) correct[c] / total[c]);
        }
        return new Evaluation(n == 0 ? 0 : (double) allCorrect / n, n == 0 ? 0 : lossSum / n, n, perClass);
    }
}
