package dev.pruneline.core.criteria;

import ai.djl.ndarray.NDArray;
import dev.pruneline.core.graph.ChannelGroup;
import dev.pruneline.core.graph.Coupling;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * First-order Taylor importance (Molchanov et al., "Pruning Convolutional Neural Networks for
 * Resource Efficient Inference", ICLR 2017, eq. 8): the loss change of removing channel c is
 * approximated by |mean over images and positions of a_c * dL/da_c|, where a is the producer's
 * output. Scores are averaged over the batches of up to {@code images} (default 512) validation
 * images and, in groups with several producers, over the producers. Needs activations and
 * gradients from the context.
 */
public final class TaylorCriterion implements ImportanceCriterion {
    /** Registry name. */
    public static final String NAME = "taylor";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean scoresChannels() {
        return true;
    }

    @Override
    public float[] channelScores(CriterionContext context, ChannelGroup group) {
        Set<String> layers = group.producers().stream().map(Coupling::layer).collect(Collectors.toSet());
        int images = Integer.parseInt(context.parameter("images", "512"));
        double[] sum = new double[group.channels()];
        int[] batches = {0};
        context.activations(NAME, new ActivationRequest(layers, images, true), (acts, grads, labels) -> {
            for (String layer : layers) {
                NDArray a = acts.get(layer);
                NDArray prod = a.mul(grads.get(layer));
                int[] axes = prod.getShape().dimension() == 4 ? new int[] {2, 3} : new int[0];
                NDArray perImage = axes.length == 0 ? prod : prod.sum(axes).div(prod.getShape().get(2)
                        * prod.getShape().get(3));
                float[] v = perImage.abs().sum(new int[] {0}).toFloatArray();
                for (int c = 0; c < sum.length; c++) {
                    sum[c] += v[c] / labels.length / layers.size();
                }
            }
            batches[0]++;
        });
        float[] out = new float[sum.length];
        for (int c = 0; c < out.length; c++) {
            out[c] = (float) (sum[c] / Math.max(1, batches[0]));
        }
        return out;
    }
}
