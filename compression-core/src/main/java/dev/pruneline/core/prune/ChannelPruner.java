package dev.pruneline.core.prune;

import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.criteria.CriterionContext;
import dev.pruneline.core.criteria.ImportanceCriterion;
import dev.pruneline.core.graph.ChannelGroup;
import dev.pruneline.core.graph.DependencyGraph;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Structured pruning: removes whole channels of the {@link ChannelGroup}s of the dependency graph
 * and shrinks every coupled tensor ({@link ChannelSurgery}); the result is a smaller dense model.
 * Each group loses {@code floor(ratio * channels)} of its lowest-scoring channels and keeps at
 * least one.
 */
final class ChannelPruner extends Pruner {
    private DependencyGraph graph;

    @Override
    protected List<String> collect(ModelBundle bundle) {
        graph = DependencyGraph.of(bundle.spec());
        return graph.groups().stream().map(ChannelGroup::id).toList();
    }

    @Override
    protected int size(ModelBundle bundle, String unit) {
        return group(unit).channels();
    }

    @Override
    protected float[] score(CriterionContext context, ImportanceCriterion criterion, String unit) {
        return criterion.channelScores(context, group(unit));
    }

    @Override
    protected void checkSupported(ImportanceCriterion criterion) {
        if (!criterion.scoresChannels()) {
            throw ImportanceCriterion.unsupportedGranularity(criterion, "channel");
        }
    }

    @Override
    protected Selected select(Map<String, float[]> scores, Selection selection) {
        Map<String, boolean[]> remove = new LinkedHashMap<>();
        scores.forEach((unit, s) -> {
            double ratio = selection instanceof Selection.PerUnit p
                    ? p.ratios().get(unit)
                    : ((Selection.Global) selection).ratio();
            int k = Math.min(s.length - 1, (int) Math.floor(ratio * s.length));
            boolean[] r = new boolean[s.length];
            for (int i : lowest(s, k)) {
                r[i] = true;
            }
            remove.put(unit, r);
        });
        return new Selected(remove, Double.NaN);
    }

    @Override
    protected PruneOutcome apply(ModelBundle bundle, Selected selected) {
        Map<String, int[]> kept = new LinkedHashMap<>();
        Map<String, Double> share = new LinkedHashMap<>();
        long removed = 0;
        long considered = 0;
        for (Map.Entry<String, boolean[]> e : selected.remove().entrySet()) {
            boolean[] r = e.getValue();
            int[] keep = IntStream.range(0, r.length).filter(i -> !r[i]).toArray();
            kept.put(e.getKey(), keep);
            share.put(e.getKey(), (double) (r.length - keep.length) / r.length);
            removed += r.length - keep.length;
            considered += r.length;
        }
        return new PruneOutcome(ChannelSurgery.shrink(bundle, kept), Double.NaN, removed, considered, share, kept);
    }

    private ChannelGroup group(String id) {
        return graph.group(id).orElseThrow(() -> new PruneException("no channel group '" + id + "'"));
    }
}
