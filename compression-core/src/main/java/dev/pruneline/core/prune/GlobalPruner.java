package dev.pruneline.core.prune;

import dev.pruneline.core.bundle.LayerSpec;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Global pruning at a target sparsity, as one template: collect the prunable weight tensors
 * (conv2d and linear weights; never biases or batch-norm), score them with the criterion, select
 * the lowest-scoring {@code floor(sparsity * n)} weights under one threshold across all layers, and
 * apply by zeroing them. Ties at the threshold are cut in graph order so the count is exact.
 */
public final class GlobalPruner {
    private GlobalPruner() {
    }

    /** Prunes {@code context.bundle()} to the target sparsity with {@code criterion}. */
    public static PruneOutcome prune(CriterionContext context, ImportanceCriterion criterion, double sparsity) {
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new PruneException("sparsity must be in [0, 1), got " + sparsity);
        }
        if (!criterion.supports(context.granularity())) {
            throw new PruneException("granularity '" + context.granularity().jsonName()
                    + "' is not implemented yet for criterion '" + criterion.name() + "'");
        }
        ModelBundle bundle = context.bundle();
        List<String> names = collect(bundle);
        Map<String, float[]> scores = criterion.scores(context, names);
        long total = 0;
        for (String n : names) {
            float[] s = scores.get(n);
            if (s == null || s.length != bundle.tensor(n).data().length) {
                throw new PruneException("criterion '" + criterion.name() + "' returned no or wrongly sized scores for "
                        + n);
            }
            total += s.length;
        }
        long k = (long) Math.floor(sparsity * total);
        float threshold = threshold(scores, names, total, k);
        long tiesLeft = k - countBelow(scores, names, threshold);
        List<Tensor> pruned = new ArrayList<>();
        Map<String, Double> layerSparsity = new LinkedHashMap<>();
        for (String n : names) {
            Tensor t = bundle.tensor(n);
            float[] w = t.data().clone();
            float[] s = scores.get(n);
            for (int i = 0; i < w.length; i++) {
                if (k > 0 && s[i] < threshold) {
                    w[i] = 0f;
                } else if (k > 0 && s[i] == threshold && tiesLeft > 0) {
                    w[i] = 0f;
                    tiesLeft--;
                }
            }
            Tensor nt = new Tensor(n, t.shape().clone(), w);
            pruned.add(nt);
            layerSparsity.put(n, (double) nt.zeroCount() / w.length);
        }
        return new PruneOutcome(bundle.withTensors(pruned), k == 0 ? Double.NaN : threshold, k, total, layerSparsity);
    }

    /** Names of the prunable weight tensors in graph order. */
    public static List<String> collect(ModelBundle bundle) {
        List<String> names = new ArrayList<>();
        for (LayerSpec l : bundle.spec().layers()) {
            if (l.type().hasPrunableWeight()) {
                names.add(l.name() + ".weight");
            }
        }
        return names;
    }

    private static float threshold(Map<String, float[]> scores, List<String> names, long total, long k) {
        if (k == 0) {
            return Float.NEGATIVE_INFINITY;
        }
        float[] all = new float[(int) total];
        int pos = 0;
        for (String n : names) {
            float[] s = scores.get(n);
            System.arraycopy(s, 0, all, pos, s.length);
            pos += s.length;
        }
        Arrays.sort(all);
        return all[(int) (k - 1)];
    }

    private static long countBelow(Map<String, float[]> scores, List<String> names, float threshold) {
        long c = 0;
        for (String n : names) {
            for (float v : scores.get(n)) {
                if (v < threshold) {
                    c++;
                }
            }
        }
        return c;
    }
}
