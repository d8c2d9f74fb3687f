package dev.pruneline.core.prune;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weight magnitude (Han et al., "Learning both Weights and Connections for Efficient Neural
 * Networks", 2015): the importance of a weight is |w| ({@code norm=l1}, default) or w^2
 * ({@code norm=l2}). Both rank single weights identically; the norm matters for channel scores.
 */
public final class MagnitudeCriterion implements ImportanceCriterion {
    /** Registry name. */
    public static final String NAME = "magnitude";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(Granularity granularity) {
        return granularity == Granularity.WEIGHT;
    }

    @Override
    public Map<String, float[]> scores(CriterionContext context, List<String> weightTensors) {
        String norm = context.parameter("norm", "l1");
        if (!norm.equals("l1") && !norm.equals("l2")) {
            throw new PruneException("criterion 'magnitude': parameter norm must be l1 or l2, got '" + norm + "'");
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        for (String name : weightTensors) {
            float[] w = context.bundle().tensor(name).data();
            float[] s = new float[w.length];
            for (int i = 0; i < w.length; i++) {
                s[i] = norm.equals("l1") ? Math.abs(w[i]) : w[i] * w[i];
            }
            out.put(name, s);
        }
        return out;
    }
}
