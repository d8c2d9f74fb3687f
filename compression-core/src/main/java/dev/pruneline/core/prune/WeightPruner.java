package dev.pruneline.core.prune;

import dev.pruneline.core.bundle.LayerSpec;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.Tensor;
import dev.pruneline.core.criteria.CriterionContext;
import dev.pruneline.core.criteria.ImportanceCriterion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Unstructured pruning: zeroes single weights of conv and linear weight tensors (never biases or
 * batch-norm). A global selection ranks all weights under one threshold, cutting ties at the
 * threshold in graph order so the count is exactly {@code floor(ratio * n)}; a per-unit selection
 * removes {@code floor(ratio * n)} weights of each named tensor.
 */
final class WeightPruner extends Pruner {
    @Override
    protected List<String> collect(ModelBundle bundle) {
        List<String> names = new ArrayList<>();
        for (LayerSpec l : bundle.spec().layers()) {
            if (l.type().hasPrunableWeight()) {
                names.add(l.name() + ".weight");
            }
        }
        return names;
    }

    @Override
    protected int size(ModelBundle bundle, String unit) {
        return bundle.tensor(unit).data().length;
    }

    @Override
    protected float[] score(CriterionContext context, ImportanceCriterion criterion, String unit) {
        return criterion.weightScores(context, unit);
    }

    @Override
    protected void checkSupported(ImportanceCriterion criterion) {
        if (!criterion.scoresWeights()) {
            throw ImportanceCriterion.unsupportedGranularity(criterion, "weight");
        }
    }

    @Override
    protected Selected select(Map<String, float[]> scores, Selection selection) {
        Map<String, boolean[]> remove = new LinkedHashMap<>();
        if (selection instanceof Selection.PerUnit p) {
            scores.forEach((unit, s) -> {
                boolean[] r = new boolean[s.length];
                for (int i : lowest(s, (int) Math.floor(p.ratios().get(unit) * s.length))) {
                    r[i] = true;
                }
                remove.put(unit, r);
            });
            return new Selected(remove, Double.NaN);
        }
        double ratio = ((Selection.Global) selection).ratio();
        long total = scores.values().stream().mapToLong(s -> s.length).sum();
        long k = (long) Math.floor(ratio * total);
        if (k == 0) {
            scores.forEach((unit, s) -> remove.put(unit, new boolean[s.length]));
            return new Selected(remove, Double.NaN);
        }
        float[] all = new float[(int) total];
        int pos = 0;
        for (float[] s : scores.values()) {
            System.arraycopy(s, 0, all, pos, s.length);
            pos += s.length;
        }
        Arrays.sort(all);
        float threshold = all[(int) (k - 1)];
        long below = 0;
        for (float v : all) {
            if (v < threshold) {
                below++;
            }
        }
        long tiesLeft = k - below;
        for (Map.Entry<String, float[]> e : scores.entrySet()) {
            float[] s = e.getValue();
            boolean[] r = new boolean[s.length];
            for (int i = 0; i < s.length; i++) {
                if (s[i] < threshold) {
                    r[i] = true;
                } else if (s[i] == threshold && tiesLeft > 0) {
                    r[i] = true;
                    tiesLeft--;
                }
            }
            remove.put(e.getKey(), r);
        }
        return new Selected(remove, threshold);
    }

    @Override
    protected PruneOutcome apply(ModelBundle bundle, Selected selected) {
        List<Tensor> pruned = new ArrayList<>();
        Map<String, Double> share = new LinkedHashMap<>();
        long removed = 0;
        long considered = 0;
        for (Map.Entry<String, boolean[]> e : selected.remove().entrySet()) {
            Tensor t = bundle.tensor(e.getKey());
            float[] w = t.data().clone();
            boolean[] r = e.getValue();
            for (int i = 0; i < w.length; i++) {
                if (r[i]) {
                    w[i] = 0f;
                    removed++;
                }
            }
            Tensor nt = new Tensor(t.name(), t.shape().clone(), w);
            pruned.add(nt);
            share.put(t.name(), (double) nt.zeroCount() / w.length);
            considered += w.length;
        }
        return new PruneOutcome(bundle.withTensors(pruned), selected.threshold(), removed, considered, share, Map.of());
    }
}
