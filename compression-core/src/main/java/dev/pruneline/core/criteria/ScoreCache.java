package dev.pruneline.core.criteria;

import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.Tensor;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;

/**
 * Remembers the scores a criterion computed for the model it scored last. Planning prunes the same
 * model many times (a bisection over ratios, every unit per candidate), and a data-driven criterion
 * scores all units in one pass over the calibration data; the cache makes each pass happen once per
 * model. The key is a fingerprint of the weights, the graph, the parameters and the seed, so another
 * copy of the same model (loaded again) hits the cache and a pruned model misses it.
 */
final class ScoreCache {
    private long key;
    private Map<String, float[]> scores;

    /** The scores for {@code context}'s model, computed with {@code compute} when not cached. */
    synchronized Map<String, float[]> get(
            CriterionContext context, Function<CriterionContext, Map<String, float[]>> compute) {
        long k = fingerprint(context);
        if (scores == null || k != key) {
            scores = Map.copyOf(compute.apply(context));
            key = k;
        }
        return scores;
    }

    static long fingerprint(CriterionContext context) {
        ModelBundle b = context.bundle();
        long h = b.spec().layers().hashCode();
        for (Tensor t : b.tensors().values()) {
            h = h * 1_000_003L + t.name().hashCode();
            h = h * 1_000_003L + Arrays.hashCode(t.shape());
            h = h * 1_000_003L + Arrays.hashCode(t.data());
        }
        h = h * 1_000_003L + context.parameters().hashCode();
        return h * 1_000_003L + context.seed();
    }
}
