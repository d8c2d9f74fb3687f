package dev.pruneline.core.criteria;

import ai.djl.ndarray.NDArray;
import dev.pruneline.core.graph.ChannelGroup;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * First-order Taylor importance (Molchanov, Tyree, Karras, Aila, Kautz, "Pruning Convolutional
 * Neural Networks for Resource Efficient Inference", ICLR 2017, eq. 8): the loss change of removing
 * feature map {@code z_c} is approximated by {@code |1/M sum_m (dC/dz_c,m) z_c,m|}, the absolute
 * mean over the M positions of activation times gradient, averaged over the calibration images.
 * {@code z} is the channel after its activation, where removal acts (see {@link ActivationSites});
 * dC/dz comes from zero "tap" leaves and one backward pass per batch, reduced per batch. The
 * paper's per-layer L2 normalisation (eq. 9) only matters when ranking across layers; pruners
 * here rank within a group. Residual groups average their producers' outputs. Channels only.
 *
 * <p>Parameters: {@code images} (default 512).
 */
public final class TaylorCriterion extends ChannelStatisticsCriterion {
    /** Registry name. */
    public static final String NAME = "taylor";

    static final CriterionParameter IMAGES = CriterionParameter.images(512);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CriterionParameter> parameters() {
        return List.of(IMAGES);
    }

    @Override
    protected Map<String, float[]> scoreGroups(CriterionContext context, List<ChannelGroup> groups) {
        ActivationSites sites = new ActivationSites(context.bundle().spec());
        Set<String> layers = new LinkedHashSet<>();
        groups.forEach(g -> layers.addAll(sites.sitesOf(g)));
        Map<String, double[]> sums = new HashMap<>();
        long[] images = {0};
        context.activations(
                NAME,
                new ActivationRequest(layers, IMAGES.intOf(NAME, context.parameters()), true),
                (acts, grads, labels) -> {
                    for (String layer : layers) {
                        NDArray prod =
                                ChannelReductions.perChannel(acts.get(layer).mul(grads.get(layer)));
                        float[] v = prod.sum(new int[] {2})
                                .div(prod.getShape().get(2))
                                .abs()
                                .sum(new int[] {0})
                                .toFloatArray();
                        double[] acc = sums.computeIfAbsent(layer, k -> new double[v.length]);
                        for (int c = 0; c < v.length; c++) {
                            acc[c] += v[c];
                        }
                    }
                    images[0] += labels.length;
                });
        Map<String, float[]> out = new LinkedHashMap<>();
        for (ChannelGroup g : groups) {
            List<String> s = sites.sitesOf(g);
            float[] score = new float[g.channels()];
            for (String layer : s) {
                double[] acc = sums.get(layer);
                for (int c = 0; c < score.length; c++) {
                    score[c] += (float) (acc[c] / Math.max(1, images[0]) / s.size());
                }
            }
            out.put(g.id(), score);
        }
        return out;
    }
}
