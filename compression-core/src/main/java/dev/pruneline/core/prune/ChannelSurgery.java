package dev.pruneline.core.prune;

import dev.pruneline.core.bundle.LayerShapes;
import dev.pruneline.core.bundle.LayerSpec;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.ShapeInference;
import dev.pruneline.core.bundle.Tensor;
import dev.pruneline.core.graph.ChannelGroup;
import dev.pruneline.core.graph.Coupling;
import dev.pruneline.core.graph.CouplingRole;
import dev.pruneline.core.graph.DependencyGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
        Map<String, LayerSpec> layers = new LinkedHashMap<>();
        bundle.spec().layers().forEach(l -> layers.put(l.name(), l));
        Map<String, Tensor> tensors = new LinkedHashMap<>(bundle.tensors());
        keptPerLayer(bundle, kept)
                .forEach((c, keep) -> layers.put(
                        c.layer(), LayerPrunerRegistry.get(c.type()).keep(layers.get(c.layer()), c, keep, tensors)));
        List<LayerSpec> newLayers = new ArrayList<>(layers.values());
        return new ModelBundle(bundle.spec().withLayers(newLayers), tensors);
    }

    /**
     * The output channels each producer layer keeps when {@link #shrink} applies {@code kept}, as ascending indices of
     * its outputs in {@code bundle}, by layer name; layers that keep all their outputs are absent.
     */
    public static Map<String, int[]> keptOutputs(ModelBundle bundle, Map<String, int[]> kept) {
        Map<String, int[]> out = new LinkedHashMap<>();
        keptPerLayer(bundle, kept).forEach((c, keep) -> {
            if (c.role() == CouplingRole.PRODUCER) {
                out.put(c.layer(), keep);
            }
        });
        return out;
    }

    /**
     * One keep list per (layer, role), whole-width couplings as keys: a consumer or norm after a concat holds several
     * groups, and is cut once for all of them.
     */
    private static Map<Coupling, int[]> keptPerLayer(ModelBundle bundle, Map<String, int[]> kept) {
        DependencyGraph graph = DependencyGraph.of(bundle.spec());
        Map<String, LayerShapes> shapes = new HashMap<>();
        ShapeInference.infer(bundle.spec()).forEach(s -> shapes.put(s.layer().name(), s));
        Map<String, boolean[]> masks = new LinkedHashMap<>();
        Map<String, Coupling> roles = new HashMap<>();
        for (Map.Entry<String, int[]> e : kept.entrySet()) {
            ChannelGroup g = group(graph, e.getKey());
            int[] keep = checked(g, e.getValue());
            if (keep.length == g.channels()) {
                continue;
            }
            int[] removed = complement(g.channels(), keep);
            for (Coupling c : g.members()) {
                String key = c.layer() + "/" + c.role();
                roles.putIfAbsent(key, c);
                boolean[] mask = masks.computeIfAbsent(key, k -> filled(width(c, shapes.get(c.layer()))));
                for (int r : c.shifted(removed)) {
                    mask[r] = false;
                }
            }
        }
        Map<Coupling, int[]> out = new LinkedHashMap<>();
        masks.forEach((key, mask) -> {
            Coupling c = roles.get(key);
            Coupling whole = new Coupling(c.layer(), c.type(), c.role(), c.blockSize(), 0);
            out.put(whole, IntStream.range(0, mask.length).filter(i -> mask[i]).toArray());
        });
        return out;
    }

    /** Channels of the layer on the coupling's side: its outputs for a producer, its inputs otherwise. */
    private static int width(Coupling c, LayerShapes s) {
        return c.role() == CouplingRole.PRODUCER ? s.output()[0] : s.input()[0] / c.blockSize();
    }

    private static boolean[] filled(int n) {
        boolean[] b = new boolean[n];
        Arrays.fill(b, true);
        return b;
    }

    /** Zeroes channels in place of removing them (same shapes); {@code removed} by group id. */
    public static ModelBundle mask(ModelBundle bundle, Map<String, int[]> removed) {
        DependencyGraph graph = DependencyGraph.of(bundle.spec());
        Map<String, Tensor> tensors = new LinkedHashMap<>(bundle.tensors());
        for (Map.Entry<String, int[]> e : removed.entrySet()) {
            ChannelGroup g = group(graph, e.getKey());
            for (Coupling c : g.members()) {
                LayerPrunerRegistry.get(c.type())
                        .zero(bundle.spec().layer(c.layer()), c, c.shifted(e.getValue()), tensors);
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
