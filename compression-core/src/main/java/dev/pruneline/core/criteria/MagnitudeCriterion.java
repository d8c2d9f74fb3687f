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
 * Both granularities.
 *
 * <p>Parameters: {@code norm} ({@code l1} default, {@code l2}).
 */
public final class MagnitudeCriterion implements ImportanceCriterion {
    /** Registry name. */
    public static final String NAME = "magnitude";

    static final CriterionParameter NORM =
            CriterionParameter.choice("norm", "l1: sum |w|; l2: sqrt(sum w^2)", "l1", "l2");

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
    public List<CriterionParameter> parameters() {
        return List.of(NORM);
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
        return NORM.textOf(NAME, context.parameters()).equals("l1");
    }
}
