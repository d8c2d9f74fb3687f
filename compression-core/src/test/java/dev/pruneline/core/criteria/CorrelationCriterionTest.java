package dev.pruneline.core.criteria;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.data.ImageSet;
import dev.pruneline.core.prune.Granularity;
import dev.pruneline.core.prune.Pruner;
import dev.pruneline.core.prune.Selection;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CorrelationCriterionTest {
    /**
     * Pixels p0, p1, p3 random, p2 constant. fc1 neuron 0 = relu(p0 + 0.05 p1 + 0.5 p2 + 0.1): follows p0;
     * neuron 1 = relu(1.2 - p3): exactly anti-correlated with p3.
     */
    static final ModelSpec SPEC = TinyNets.spec(
            2,
            2,
            TinyNets.of("flat", LayerType.FLATTEN),
            TinyNets.linear("fc1", 2),
            TinyNets.of("relu", LayerType.RELU),
            TinyNets.linear("fc2", 2));

    static final ModelBundle NET = TinyNets.bundle(
            SPEC,
            Map.of("fc1.weight", new float[] {1, 0.05f, 0.5f, 0, 0, 0, 0, -1}, "fc1.bias", new float[] {0.1f, 1.2f}));

    static ImageSet images() {
        Random rnd = new Random(8);
        return TinyNets.images(
                300, 2, i -> new int[] {rnd.nextInt(256), rnd.nextInt(256), 128, rnd.nextInt(256)}, i -> 0);
    }

    @Test
    void keepsTheStronglyPositiveAndNegativeConnectionsAndPrunesTheWeakOnes() {
        CriterionContext ctx = TinyNets.context(NET, images(), Map.of("keep_random", "0"));
        float[] s = new CorrelationCriterion().weightScores(ctx, "fc1.weight");
        assertTrue(s[0] > 0.95 && s[7] > 0.99, java.util.Arrays.toString(s));
        assertEquals(0f, s[2]);
        float[] w = Pruner.of(Granularity.WEIGHT)
                .run(ctx, new CorrelationCriterion(), Selection.perUnit(Map.of("fc1.weight", 0.75)))
                .bundle()
                .tensor("fc1.weight")
                .data();
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 0, 0, -1}, w);
    }

    @Test
    void keepsARandomShareOfWeakConnections() {
        float[] s = new CorrelationCriterion()
                .weightScores(TinyNets.context(NET, images(), Map.of("keep_random", "0.5")), "fc1.weight");
        long lifted = 0;
        for (float v : s) {
            lifted += v >= 1 ? 1 : 0;
        }
        assertTrue(lifted > 0 && lifted < s.length, java.util.Arrays.toString(s));
    }
}
