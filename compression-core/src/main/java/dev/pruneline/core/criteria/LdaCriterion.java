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
 * Class discrimination of filters (Polyak and Wolf, "Channel-Level Acceleration of Deep Face
 * Representations", IEEE Access 3, 2015, Sec. III): a filter's "fire" on an image is its maximum
 * post-activation output over all positions; over N labelled calibration images this gives an
 * N x C fire matrix. Each filter is scored by the Fisher / LDA ratio of its fires,
 * {@code S_B / S_W} with between-class scatter {@code S_B = sum_k n_k (mu_k - mu)^2} and within-class
 * scatter {@code S_W = sum_k sum_{i in k} (f_i - mu_k)^2}; a filter that fires alike for every class
 * does not discriminate and is removed first (score 0 when it never varies). Only per-class sums of
 * fires and of squared fires are kept, not the matrix. Channels only; residual groups average their
 * producers' ratios.
 *
 * <p>Parameters: {@code images} (N, default 800: the whole validation split of the sample data).
 */
public final class LdaCriterion extends ChannelStatisticsCriterion {
    /** Registry name. */
    public static final String NAME = "lda";

    static final CriterionParameter IMAGES = CriterionParameter.images(800);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CriterionParameter> parameters() {
        return List.of(IMAGES);
    }

    /** Per-class sums of fires (count, sum, sum of squares) of one layer's channels. */
    private static final class Fires {
        final double[][] n;
        final double[][] sum;
        final double[][] sq;

        Fires(int classes, int channels) {
            n = new double[classes][channels];
            sum = new double[classes][channels];
            sq = new double[classes][channels];
        }

        double[] fisher() {
            int channels = sum[0].length;
            double[] out = new double[channels];
            for (int c = 0; c < channels; c++) {
                double total = 0;
                double count = 0;
                for (int k = 0; k < n.length; k++) {
                    total += sum[k][c];
                    count += n[k][c];
                }
                double mu = count == 0 ? 0 : total / count;
                double between = 0;
                double within = 0;
                for (int k = 0; k < n.length; k++) {
                    if (n[k][c] == 0) {
                        continue;
                    }
                    double muK = sum[k][c] / n[k][c];
                    between += n[k][c] * (muK - mu) * (muK - mu);
                    within += Math.max(0, sq[k][c] - n[k][c] * muK * muK);
                }
                out[c] = between <= 1e-12 * Math.max(1, within) ? 0 : between / (within + 1e-12);
            }
            return out;
        }
    }

    @Override
    protected Map<String, float[]> scoreGroups(CriterionContext context, List<ChannelGroup> groups) {
        int classes = context.bundle().spec().classes().size();
        ActivationSites sites = new ActivationSites(context.bundle().spec());
        Set<String> layers = new LinkedHashSet<>();
        groups.forEach(g -> layers.addAll(sites.sitesOf(g)));
        Map<String, Fires> fires = new HashMap<>();
        context.activations(
                NAME,
                new ActivationRequest(layers, IMAGES.intOf(NAME, context.parameters()), false),
                (acts, grads, labels) -> {
                    for (String layer : layers) {
                        NDArray a = ChannelReductions.perChannel(acts.get(layer));
                        int channels = (int) a.getShape().get(1);
                        float[] f = a.max(new int[] {2}).toFloatArray();
                        Fires acc = fires.computeIfAbsent(layer, k -> new Fires(classes, channels));
                        for (int i = 0; i < f.length; i++) {
                            int k = labels[i / channels];
                            int c = i % channels;
                            acc.n[k][c]++;
                            acc.sum[k][c] += f[i];
                            acc.sq[k][c] += (double) f[i] * f[i];
                        }
                    }
                });
        Map<String, float[]> out = new LinkedHashMap<>();
        for (ChannelGroup g : groups) {
            List<String> s = sites.sitesOf(g);
            float[] score = new float[g.channels()];
            for (String layer : s) {
                double[] r = fires.get(layer).fisher();
                for (int c = 0; c < score.length; c++) {
                    score[c] += (float) (r[c] / s.size());
                }
            }
            out.put(g.id(), score);
        }
        return out;
    }
}
