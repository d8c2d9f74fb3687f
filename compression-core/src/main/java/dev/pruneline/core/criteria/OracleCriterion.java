package dev.pruneline.core.criteria;

import ai.djl.ndarray.NDArray;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.graph.ChannelGroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The oracle (Molchanov et al., "Pruning Convolutional Neural Networks for Resource Efficient
 * Inference", ICLR 2017, Sec. 2.2 and eq. 3): the importance of a channel is the change of the loss
 * when it alone is removed, {@code |C(D, W') - C(D, W)|}, measured: the channel is switched off
 * ({@link ChannelMask}: exactly zero after its activation) and the mean softmax cross-entropy over the
 * calibration images is computed again, one forward pass over them per channel. The ground truth that
 * Taylor, APoZ and the others approximate, and by far the most expensive. A channel whose removal
 * leaves the loss unchanged scores 0 and is pruned first. Channels only.
 *
 * <p>Parameters: {@code images} (default 256), {@code mode}: {@code abs} (default, the paper's
 * oracle-abs) or {@code loss} (signed change: removals that lower the loss score below 0 and go first).
 */
public final class OracleCriterion extends ChannelStatisticsCriterion {
    /** Registry name. */
    public static final String NAME = "oracle";

    static final CriterionParameter IMAGES = CriterionParameter.images(256);
    static final CriterionParameter MODE =
            CriterionParameter.choice("mode", "abs: |loss change|; loss: signed loss change", "abs", "loss");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CriterionParameter> parameters() {
        return List.of(IMAGES, MODE);
    }

    @Override
    protected Map<String, float[]> scoreGroups(CriterionContext context, List<ChannelGroup> groups) {
        boolean abs = MODE.textOf(NAME, context.parameters()).equals("abs");
        double base = loss(context, context.bundle());
        Map<String, float[]> out = new LinkedHashMap<>();
        for (ChannelGroup g : groups) {
            float[] s = new float[g.channels()];
            for (int c = 0; c < s.length; c++) {
                double delta = loss(context, ChannelMask.zero(context.bundle(), Map.of(g, new int[] {c}))) - base;
                s[c] = (float) (abs ? Math.abs(delta) : delta);
            }
            out.put(g.id(), s);
        }
        return out;
    }

    /** Mean softmax cross-entropy of {@code model} over the calibration images. */
    static double loss(CriterionContext context, ModelBundle model) {
        String logits = new ActivationSites(model.spec()).output();
        double[] total = {0};
        long[] n = {0};
        context.withBundle(model)
                .activations(
                        NAME,
                        new ActivationRequest(Set.of(logits), IMAGES.intOf(NAME, context.parameters()), false),
                        (acts, grads, labels) -> {
                            NDArray z = acts.get(logits);
                            int classes = (int) z.getShape().get(1);
                            float[] v = z.toFloatArray();
                            for (int i = 0; i < labels.length; i++) {
                                double max = Double.NEGATIVE_INFINITY;
                                for (int k = 0; k < classes; k++) {
                                    max = Math.max(max, v[i * classes + k]);
                                }
                                double sum = 0;
                                for (int k = 0; k < classes; k++) {
                                    sum += Math.exp(v[i * classes + k] - max);
                                }
                                total[0] += Math.log(sum) + max - v[i * classes + labels[i]];
                            }
                            n[0] += labels.length;
                        });
        return total[0] / Math.max(1, n[0]);
    }
}
