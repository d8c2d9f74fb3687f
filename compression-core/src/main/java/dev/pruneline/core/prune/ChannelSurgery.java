package dev.pruneline.core.prune;

import dev.pruneline.core.bundle.LayerSpec;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.Tensor;
import dev.pruneline.core.graph.ChannelGroup;
import dev.pruneline.core.graph.Coupling;
import dev.pruneline.core.graph.DependencyGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Applies channel decisions to a bundle through the {@link LayerPruner}s of every coupled layer.
 * {@link #shrink} returns a smaller dense bundle; {@link #mask} returns a same-shape bundle whose
 * removed channels emit zeros, which computes exactly what the shrunk one does.
 */
public final class ChannelSurgery {
    private ChannelSurgery() {}

    /**
     * Removes channels.
     *
     * @param kept ascending channel indices to keep, by group id; groups not named stay whole
     */
    public static ModelBundle shrink(ModelBundle bundle, Map<String, int[]> kept) {
        DependencyGraph graph = DependencyGraph.of(bundle.spec());
        Map<String, Tensor> tensors = new LinkedHashMap<>(bundle.tensors());
        Map<String, LayerSpec> layers = new LinkedHashMap<>();
        bundle.spec().layers().forEach(l -> layers.put(l.name(), l));
        for (Map.Entry<String, int[]> e : kept.entrySet()) {
            ChannelGroup g = group(graph, e.getKey());
            int[] keep = checked(g, e.getValue());
            if (keep.length == g.channels()) {
                continue;
            }
            for (Coupling c : g.members()) {
                LayerSpec updated = LayerPrunerRegistry.get(c.type()).keep(layers.get(c.layer()), c, keep, tensors);
                layers.put(c.layer(), updated);
            }
        }
        List<LayerSpec> newLayers = new ArrayList<>(layers.values());
        return new ModelBundle(bundle.spec().withLayers(newLayers), tensors);
    }

    /** Zeroes channels in place of removing them (same shapes); {@code removed} by group id. */
    public static ModelBundle mask(ModelBundle bundle, Map<String, int[]> removed) {
        DependencyGraph graph = DependencyGraph.of(bundle.spec());
        Map<String, Tensor> tensors = new LinkedHashMap<>(bundle.tensors());
        for (Map.Entry<String, int[]> e : removed.entrySet()) {
            ChannelGroup g = group(graph, e.getKey());
            for (Coupling c : g.members()) {
                LayerPrunerRegistry.get(c.type()).zero(bundle.spec().layer(c.layer()), c, e.getValue(), tensors);
            }
        }
        return new ModelBundle(bundle.spec(), tensors);
    }

    /** The channels not in {@code kept}, ascending. */
    public static int[] complement(int channels, int[] kept) {
        boolean[] k = new boolean[channels];
        for (int i : kept) {
            k[i] = true;
        }
        return IntStream.range(0, channels).filter(i -> !k[i]).toArray();
    }

    private static ChannelGroup group(DependencyGraph graph, String id) {
        return graph.group(id)
                .orElseThrow(() -> new PruneException("no prunable channel group '" + id + "' (groups: "
                        + graph.groups().stream().map(ChannelGroup::id).toList() + ")"));
    }

    private static int[] checked(ChannelGroup g, int[] keep) {
        if (keep.length == 0) {
            throw new PruneException("group '" + g.id() + "': at least one channel must be kept");
        }
        for (int i = 0; i < keep.length; i++) {
            if (keep[i] < 0 || keep[i] >= g.channels() || (i > 0 && keep[i] <= keep[i - 1])) {
                throw new PruneException(
                        "group '" + g.id() + "': kept channels must be ascending indices below " + g.channels());
            }
        }
        return keep;
    }
}
