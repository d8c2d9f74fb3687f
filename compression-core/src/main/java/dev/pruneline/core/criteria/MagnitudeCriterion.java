package dev.pruneline.core.criteria;

import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.Tensor;
import dev.pruneline.core.graph.ChannelGroup;
import dev.pruneline.core.graph.Coupling;
import dev.pruneline.core.graph.CouplingRole;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Weight magnitude. Per weight (Han et al., "Learning both Weights and Connections for Efficient
 * Neural Networks", NIPS 2015): |w| ({@code norm=l1}, default) or w^2 ({@code norm=l2}); both rank
 * single weights identically.
 *
 * <p>Per channel, {@code scope=contribution} (default): how much of the channel reaches the layers that read it, the
 * scale of the channel's output times the weight its consumers give it. A batch-norm divides a conv's output by its
 * spread, so behind one the filter's norm says nothing about the channel's size: its scale is the batch-norm's
 * |gamma| (Liu et al., "Learning Efficient Convolutional Networks through Network Slimming", ICCV 2017); without
 * one it is the producer's filter norm. What the consumers make of the channel is the norm of their input slices
 * (the channel's columns of the next layer; a whole height x width block behind a flatten). The scale is averaged
 * over the group's batch-norms (over its producers, joined by residual adds, where it has none) and the reads over
 * its consumers, each member's values divided by their mean first so that every member weighs the same whatever its
 * fan-in; the score is the product of the two, so a channel that is small on either side ranks low. The group-level view follows Torch-Pruning
 * (Fang et al., "DepGraph: Towards Any Structural Pruning", CVPR 2023), which sums the norms of all coupled
 * parameters.
 *
 * <p>{@code scope=filter}: the norm of each producer's output-channel slice alone (Li et al., "Pruning Filters for
 * Efficient ConvNets", ICLR 2017), each producer's norms divided by their mean and averaged over the producers.
 *
 * <p>Parameters: {@code norm} ({@code l1} default, {@code l2}), {@code scope} ({@code contribution} default,
 * {@code filter}).
 */
public final class MagnitudeCriterion implements ImportanceCriterion {
    /** Registry name. */
    public static final String NAME = "magnitude";

    static final CriterionParameter NORM =
            CriterionParameter.choice("norm", "l1: sum |w|; l2: sqrt(sum w^2)", "l1", "l2");

    static final CriterionParameter SCOPE = CriterionParameter.choice(
            "scope",
            "channels: contribution (output scale x the consumers' weights) or filter (the producers' filters)",
            "contribution",
            "filter");

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
        return List.of(NORM, SCOPE);
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
        ModelBundle bundle = context.bundle();
        List<double[]> filters = new ArrayList<>();
        for (Coupling p : group.producers()) {
            Tensor w = bundle.tensor(p.layer() + ".weight");
            filters.add(norms(w, 0, group.channels(), 0, 1, l1));
        }
        double[] scale = meanOfNormalised(filters, group.channels());
        if (SCOPE.textOf(NAME, context.parameters()).equals("contribution")) {
            List<double[]> gammas = new ArrayList<>();
            List<double[]> reads = new ArrayList<>();
            for (Coupling c : group.members()) {
                if (c.role() == CouplingRole.NORM && c.type() == LayerType.BATCHNORM) {
                    Tensor g = bundle.tensors().get(c.layer() + ".gamma");
                    if (g != null) {
                        gammas.add(norms(g, 0, group.channels(), c.offset(), 1, true));
                    }
                } else if (c.role() == CouplingRole.CONSUMER) {
                    Tensor w = bundle.tensor(c.layer() + ".weight");
                    if (w.shape().length >= 2 && (group.channels() + c.offset()) * c.blockSize() <= w.shape()[1]) {
                        reads.add(norms(w, 1, group.channels(), c.offset(), c.blockSize(), l1));
                    }
                }
            }
            if (!gammas.isEmpty()) {
                scale = meanOfNormalised(gammas, group.channels());
            }
            if (!reads.isEmpty()) {
                double[] read = meanOfNormalised(reads, group.channels());
                for (int i = 0; i < scale.length; i++) {
                    scale[i] *= read[i];
                }
            }
        }
        float[] scores = new float[group.channels()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = (float) scale[i];
        }
        return scores;
    }

    /**
     * The norm of each of {@code channels} slices of {@code t} along {@code axis}: slice {@code c} holds indices
     * {@code [(c + offset) * block, (c + offset + 1) * block)} of that axis, across every other axis.
     */
    private static double[] norms(Tensor t, int axis, int channels, int offset, int block, boolean l1) {
        int[] shape = t.shape();
        int outer = (int) Tensor.elementCount(Arrays.copyOfRange(shape, 0, axis));
        int inner = (int) Tensor.elementCount(Arrays.copyOfRange(shape, axis + 1, shape.length));
        int axisLength = shape[axis];
        double[] acc = new double[channels];
        float[] data = t.data();
        for (int o = 0; o < outer; o++) {
            for (int c = 0; c < channels; c++) {
                int from = (o * axisLength + (c + offset) * block) * inner;
                int to = from + block * inner;
                double sum = 0;
                for (int i = from; i < to; i++) {
                    sum += l1 ? Math.abs(data[i]) : (double) data[i] * data[i];
                }
                acc[c] += sum;
            }
        }
        if (!l1) {
            for (int c = 0; c < channels; c++) {
                acc[c] = Math.sqrt(acc[c]);
            }
        }
        return acc;
    }

    /** Each member's values divided by their mean (a member that is all zero adds zeros), averaged over members. */
    private static double[] meanOfNormalised(List<double[]> members, int channels) {
        double[] out = new double[channels];
        for (double[] m : members) {
            double mean = Arrays.stream(m).average().orElse(0);
            for (int c = 0; c < channels; c++) {
                out[c] += mean > 0 ? m[c] / mean / members.size() : 0;
            }
        }
        return out;
    }

    private static boolean l1(CriterionContext context) {
        return NORM.textOf(NAME, context.parameters()).equals("l1");
    }
}
