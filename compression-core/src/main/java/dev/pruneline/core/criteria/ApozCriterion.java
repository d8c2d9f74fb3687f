package dev.pruneline.core.criteria;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.pruneline.core.graph.ChannelGroup;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Average Percentage of Zeros (Hu, Peng, Tai, Tang, "Network Trimming: A Data-Driven Neuron Pruning
 * Approach towards Efficient Deep Architectures", arXiv:1607.03250, 2016, eq. 1):
 * {@code APoZ_c = sum_k sum_j [O_c,j(k) = 0] / (N * M)} over N calibration images k and the M
 * positions j of channel c's output after the ReLU. A channel that is mostly zero contributes
 * little; high APoZ is pruned first, so the score is {@code 1 - APoZ}. Channels only. In a residual
 * group the APoZ of each producer's post-activation output is averaged.
 *
 * <p>The paper trims iteratively, fine-tuning between rounds: run it with {@code schedule=iterative}
 * (AGP rounds with masked fine-tuning in between; {@code rounds}, {@code round_epochs}).
 *
 * <p>Parameters: {@code images} (default 512).
 */
public final class ApozCriterion extends ChannelStatisticsCriterion {
    /** Registry name. */
    public static final String NAME = "apoz";

    static final CriterionParameter IMAGES = CriterionParameter.images(512);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CriterionParameter> parameters() {
        return List.of(IMAGES);
    }

    /** The APoZ of every channel by group id (the score is 1 minus this). */
    public static Map<String, double[]> apoz(CriterionContext context, List<ChannelGroup> groups) {
        ActivationSites sites = new ActivationSites(context.bundle().spec());
        Set<String> layers = new LinkedHashSet<>();
        groups.forEach(g -> layers.addAll(sites.sitesOf(g)));
        Map<String, double[]> zeros = new HashMap<>();
        long[] counted = {0};
        context.activations(
                NAME,
                new ActivationRequest(layers, IMAGES.intOf(NAME, context.parameters()), false),
                (acts, grads, labels) -> {
                    for (String layer : layers) {
                        NDArray a = ChannelReductions.perChannel(acts.get(layer));
                        float[] z = a.lte(0f)
                                .toType(DataType.FLOAT32, false)
                                .sum(new int[] {2, 0})
                                .toFloatArray();
                        double[] acc = zeros.computeIfAbsent(layer, k -> new double[z.length]);
                        for (int c = 0; c < z.length; c++) {
                            acc[c] += z[c] / a.getShape().get(2);
                        }
                    }
                    counted[0] += labels.length;
                });
        Map<String, double[]> out = new LinkedHashMap<>();
        for (ChannelGroup g : groups) {
            List<String> s = sites.sitesOf(g);
            double[] apoz = new double[g.channels()];
            for (String layer : s) {
                double[] z = zeros.get(layer);
                for (int c = 0; c < apoz.length; c++) {
                    apoz[c] += z[c] / Math.max(1, counted[0]) / s.size();
                }
            }
            out.put(g.id(), apoz);
        }
        return out;
    }

    @Override
    protected Map<String, float[]> scoreGroups(CriterionContext context, List<ChannelGroup> groups) {
        Map<String, float[]> out = new LinkedHashMap<>();
        apoz(context, groups).forEach((id, a) -> {
            float[] s = new float[a.length];
            for (int c = 0; c < s.length; c++) {
                s[c] = (float) (1 - a[c]);
            }
            out.put(id, s);
        });
        return out;
    }
}
