package dev.pruneline.core.criteria;

import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.Tensor;
import dev.pruneline.core.graph.ChannelGroup;
import dev.pruneline.core.graph.Coupling;
import dev.pruneline.core.graph.CouplingRole;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Same-shape models with channels switched off, for criteria that measure removals (oracle, random
 * masks): every producer's filter and bias, every depthwise filter and every batch-norm's scale and shift of the group are
 * zeroed, so the channel is exactly zero after the activation, as after channel surgery (before
 * batch-norm re-estimation). Cheaper than surgery and keeps one model shape for repeated evaluation.
 */
final class ChannelMask {
    private ChannelMask() {}

    /** {@code bundle} with the {@code removed} channels of each group (by group) zeroed. */
    static ModelBundle zero(ModelBundle bundle, Map<ChannelGroup, int[]> removed) {
        List<Tensor> changed = new ArrayList<>();
        Map<String, Tensor> current = new HashMap<>(bundle.tensors());
        removed.forEach((group, channels) -> {
            for (Coupling c : group.members()) {
                List<String> names = c.role() == CouplingRole.CONSUMER
                        ? List.of()
                        : c.type() == LayerType.BATCHNORM ? List.of(".gamma", ".beta") : List.of(".weight", ".bias");
                for (String suffix : names) {
                    Tensor t = current.get(c.layer() + suffix);
                    if (t != null) {
                        Tensor z = zeroRows(t, c.shifted(channels));
                        current.put(t.name(), z);
                        changed.add(z);
                    }
                }
            }
        });
        return bundle.withTensors(changed);
    }

    private static Tensor zeroRows(Tensor t, int[] rows) {
        float[] d = t.data().clone();
        int per = d.length / t.shape()[0];
        for (int r : rows) {
            Arrays.fill(d, r * per, (r + 1) * per, 0f);
        }
        return new Tensor(t.name(), t.shape().clone(), d);
    }
}
