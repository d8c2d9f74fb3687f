package dev.pruneline.core.criteria;

import dev.pruneline.core.bundle.Tensor;
import dev.pruneline.core.graph.ChannelGroup;
import dev.pruneline.core.graph.Coupling;
import java.util.List;

/**
 * Weight magnitude. Per weight (Han et al., "Learning both Weights and Connections for Efficient
 * Neural Networks", NIPS 2015): |w| ({@code norm=l1}, default) or w^2 ({@code norm=l2}); both rank
 * single weights identically. Per filter (Li et al., "Pruning Filters for Efficient ConvNets", ICLR
 * 2017): the L1 norm sum|W_c| or the L2 norm sqrt(sum W_c^2) of each producer's output-channel slice;
 * in a group with several producers (residual adds) each producer's norms are divided by their
 * mean, so every producer weighs the same whatever its fan-in, and the group score is their mean.
 */
public final class MagnitudeCriterion implements ImportanceCriterion {
    /** Registry name. */
    public static final String NAME = "magnitude";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean scoresWeights() {
        return true;
    }

    @Override
    public boolean scoresChannels() {
        return true;
    }

    @Override
    public float[] weightScores(CriterionContext context, String weightTensor) {
        boolean l1 = l1(context);
        float[] w = context.bundle().tensor(weightTensor).data();
        float[] s = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            s[i] = l1 ? Math.abs(w[i]) : w[i] * w[i];
        }
        return s;
    }

    @Override
    public float[] channelScores(CriterionContext context, ChannelGroup group) {
        boolean l1 = l1(context);
        float[] total = new float[group.channels()];
        List<Coupling> producers = group.producers();
        for (Coupling p : producers) {
            Tensor w = context.bundle().tensor(p.layer() + ".weight");
            int per = w.data().length / group.channels();
            double[] norms = new double[group.channels()];
            double sum = 0;
            for (int c = 0; c < norms.length; c++) {
                double acc = 0;
                for (int i = c * per; i < (c + 1) * per; i++) {
                    float v = w.data()[i];
                    acc += l1 ? Math.abs(v) : v * v;
                }
                norms[c] = l1 ? acc : Math.sqrt(acc);
                sum += norms[c];
            }
            double mean = sum / norms.length;
            for (int c = 0; c < norms.length; c++) {
                total[c] += (float) (mean > 0 ? norms[c] / mean / producers.size() : 0);
            }
        }
        return total;
    }

    private static boolean l1(CriterionContext context) {
        String norm = context.parameter("norm", "l1");
        if (!norm.equals("l1") && !norm.equals("l2")) {
            throw new CriterionException("criterion 'magnitude': parameter norm must be l1 or l2, got '" + norm + "'");
        }
        return norm.equals("l1");
    }
}
