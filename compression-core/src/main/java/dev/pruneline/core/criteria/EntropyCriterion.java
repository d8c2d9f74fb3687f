package dev.pruneline.core.criteria;

import dev.pruneline.core.graph.ChannelGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Entropy of a channel's activations (Luo and Wu, "An Entropy-based Pruning Method for CNN
 * Compression", arXiv:1706.05791, 2017, Sec. 3.1, eq. 1): each channel's post-activation output is
 * globally average-pooled per image, giving an n x c matrix over n calibration images; per channel
 * the n values are put into m equal-width bins between their minimum and maximum, p_i being the
 * share in bin i, and {@code H = -sum_i p_i log p_i}. A channel whose output hardly varies carries
 * little information: low entropy is pruned first. A constant channel has entropy 0. Only the n x c
 * pooled values are kept, never the activations. Channels only; residual groups average the
 * entropies of their producers' outputs.
 *
 * <p>Parameters: {@code bins} (m, default 100), {@code images} (n, default 512).
 */
public final class EntropyCriterion extends ChannelStatisticsCriterion {
    /** Registry name. */
    public static final String NAME = "entropy";

    static final CriterionParameter BINS =
            CriterionParameter.integer("bins", 100, 2, 100_000, "histogram bins m per channel");
    static final CriterionParameter IMAGES = CriterionParameter.images(512);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CriterionParameter> parameters() {
        return List.of(BINS, IMAGES);
    }

    /** Entropy in nats of {@code values} histogrammed into {@code bins} equal bins over their range. */
    public static double entropy(double[] values, int bins) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (values.length == 0 || !(hi - lo > 1e-12 * Math.max(1, Math.abs(hi)))) {
            return 0;
        }
        int[] counts = new int[bins];
        for (double v : values) {
            counts[Math.min(bins - 1, (int) ((v - lo) / (hi - lo) * bins))]++;
        }
        double h = 0;
        for (int n : counts) {
            if (n > 0) {
                double p = (double) n / values.length;
                h -= p * Math.log(p);
            }
        }
        return h;
    }

    @Override
    protected Map<String, float[]> scoreGroups(CriterionContext context, List<ChannelGroup> groups) {
        int bins = BINS.intOf(NAME, context.parameters());
        ActivationSites sites = new ActivationSites(context.bundle().spec());
        Set<String> layers = new LinkedHashSet<>();
        groups.forEach(g -> layers.addAll(sites.sitesOf(g)));
        Map<String, List<float[]>> pooled = new HashMap<>();
        context.activations(
                NAME,
                new ActivationRequest(layers, IMAGES.intOf(NAME, context.parameters()), false),
                (acts, grads, labels) -> layers.forEach(l -> pooled.computeIfAbsent(l, k -> new ArrayList<>())
                        .add(ChannelReductions.globalAverage(acts.get(l)))));
        Map<String, float[]> out = new LinkedHashMap<>();
        for (ChannelGroup g : groups) {
            List<String> s = sites.sitesOf(g);
            float[] score = new float[g.channels()];
            for (String layer : s) {
                double[][] columns = columns(pooled.getOrDefault(layer, List.of()), g.channels());
                for (int c = 0; c < score.length; c++) {
                    score[c] += (float) (entropy(columns[c], bins) / s.size());
                }
            }
            out.put(g.id(), score);
        }
        return out;
    }

    /** Row-major (n, c) batches to c columns of n values. */
    private static double[][] columns(List<float[]> batches, int channels) {
        int n = batches.stream().mapToInt(b -> b.length / channels).sum();
        double[][] cols = new double[channels][n];
        int row = 0;
        for (float[] b : batches) {
            for (int i = 0; i < b.length; i++) {
                cols[i % channels][row + i / channels] = b[i];
            }
            row += b.length / channels;
        }
        return cols;
    }
}
