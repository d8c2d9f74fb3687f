package dev.pruneline.core.prune;

import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.criteria.CriterionContext;
import dev.pruneline.core.criteria.ImportanceCriterion;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pruning run as one template (NNI's compressor): {@link #collect} the units (weight tensors or
 * channel groups), {@link #score} them with the criterion, {@link #select} what to remove, and
 * {@link #apply} it. A new criterion touches only its own class; a new granularity is a subclass.
 */
public abstract class Pruner {
    /** The pruner for a granularity. */
    public static Pruner of(Granularity granularity) {
        return granularity == Granularity.WEIGHT ? new WeightPruner() : new ChannelPruner();
    }

    /** The units this pruner would consider in {@code bundle} (tensor names or group ids), in graph order. */
    public final List<String> units(ModelBundle bundle) {
        return collect(bundle);
    }

    /** Runs collect -> score -> select -> apply on {@code context.bundle()}. */
    public final PruneOutcome run(CriterionContext context, ImportanceCriterion criterion, Selection selection) {
        checkSupported(criterion);
        ModelBundle bundle = context.bundle();
        List<String> units = collect(bundle);
        Map<String, float[]> scores = new LinkedHashMap<>();
        for (String unit : units) {
            if (wanted(selection, unit)) {
                float[] s = score(context, criterion, unit);
                if (s.length != size(bundle, unit)) {
                    throw new PruneException("criterion '" + criterion.name() + "' returned " + s.length
                            + " scores for " + unit + ", expected " + size(bundle, unit));
                }
                scores.put(unit, s);
            }
        }
        return apply(bundle, select(scores, selection));
    }

    /** The units this granularity prunes, in graph order. */
    protected abstract List<String> collect(ModelBundle bundle);

    /** Number of elements in a unit (weights of a tensor, channels of a group). */
    protected abstract int size(ModelBundle bundle, String unit);

    /** Scores of one unit. */
    protected abstract float[] score(CriterionContext context, ImportanceCriterion criterion, String unit);

    /** The elements to remove per unit, as booleans ({@code true} = remove). */
    protected abstract Selected select(Map<String, float[]> scores, Selection selection);

    /** The model without the selected elements. */
    protected abstract PruneOutcome apply(ModelBundle bundle, Selected selected);

    /** Fails with a clear message when the criterion cannot score this granularity. */
    protected abstract void checkSupported(ImportanceCriterion criterion);

    private static boolean wanted(Selection selection, String unit) {
        return !(selection instanceof Selection.PerUnit p) || p.ratios().getOrDefault(unit, 0.0) > 0;
    }

    /**
     * A selection.
     *
     * @param remove per unit, {@code true} for each element to remove
     * @param threshold the global score threshold, NaN when selection was per unit
     */
    protected record Selected(Map<String, boolean[]> remove, double threshold) {}

    /** Indices of the {@code k} lowest scores; ties go to the lower index. */
    static int[] lowest(float[] scores, int k) {
        Integer[] idx = new Integer[scores.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(
                idx, (a, b) -> scores[a] != scores[b] ? Float.compare(scores[a], scores[b]) : Integer.compare(a, b));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = idx[i];
        }
        return out;
    }
}
