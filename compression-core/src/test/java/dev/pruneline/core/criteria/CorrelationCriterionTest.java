package dev.pruneline.core.criteria;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.bundle.Normalization;
import dev.pruneline.core.data.ImageSet;
import dev.pruneline.core.prune.Granularity;
import dev.pruneline.core.prune.Pruner;
import dev.pruneline.core.prune.Selection;
import java.util.List;
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
    void shouldCorrelateAConvOverColourImagesWithEachInputChannel() {
        // 1x1 conv over RGB: filter 0 = relu(R + 0.1) follows R, filter 1 = relu(1.2 - G) mirrors G; B is constant
        ModelSpec spec = TinyNets.spec(
                List.of(3, 2, 2),
                new Normalization(List.of(0.5, 0.2, 0.0), List.of(0.5, 2.0, 1.0)),
                2,
                TinyNets.conv("conv", 2, 1),
                TinyNets.of("relu", LayerType.RELU),
                TinyNets.of("flat", LayerType.FLATTEN),
                TinyNets.linear("fc", 2));
        ModelBundle net = TinyNets.bundle(
                spec,
                Map.of(
                        "conv.weight", new float[] {2, 0, 0, 0, -2, 0},
                        "conv.bias", new float[] {2.1f, 1.2f}));
        Random rnd = new Random(9);
        byte[] px = new byte[300 * 12];
        for (int i = 0; i < 300; i++) {
            int[] rgb = {rnd.nextInt(256), rnd.nextInt(256), 128};
            for (int c = 0; c < 3; c++) {
                java.util.Arrays.fill(px, i * 12 + c * 4, i * 12 + c * 4 + 4, (byte) rgb[c]);
            }
        }
        ImageSet images = new ImageSet("validation", px, new int[300], 3, 2, 2);
        float[] s = new CorrelationCriterion()
                .weightScores(TinyNets.context(net, images, Map.of("keep_random", "0")), "conv.weight");
        assertTrue(s[0] > 0.99 && s[4] > 0.99, java.util.Arrays.toString(s));
        assertEquals(0f, s[2]);
        assertEquals(0f, s[5]);
        assertTrue(s[1] < 0.3 && s[3] < 0.3, java.util.Arrays.toString(s));
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
