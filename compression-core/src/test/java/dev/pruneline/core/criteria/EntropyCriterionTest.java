package dev.pruneline.core.criteria;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.data.ImageSet;
import dev.pruneline.core.graph.DependencyGraph;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntropyCriterionTest {
    /** conv 1x1: filter 0 is constant (weight 0, bias 0.3), filters 1 and 2 follow the pixels. */
    static final ModelSpec SPEC = TinyNets.spec(
            2,
            2,
            TinyNets.conv("conv", 3, 1),
            TinyNets.of("relu", LayerType.RELU),
            TinyNets.of("flat", LayerType.FLATTEN),
            TinyNets.linear("fc", 2));

    static final ModelBundle NET = TinyNets.bundle(
            SPEC, Map.of("conv.weight", new float[] {0, 1, 2}, "conv.bias", new float[] {0.3f, 0.1f, 0.1f}));
    static final ImageSet IMAGES = TinyNets.randomImages(400, 2, 2);

    @Test
    void aConstantChannelHasEntropyZeroAndIsCutFirst() {
        float[] s = new EntropyCriterion()
                .channelScores(
                        TinyNets.context(NET, IMAGES, Map.of("bins", "10")),
                        DependencyGraph.of(SPEC).group("conv").orElseThrow());
        assertEquals(0f, s[0]);
        assertTrue(s[1] > 1 && s[2] > 1, java.util.Arrays.toString(s));
        assertEquals(0, TinyNets.order(s)[0]);
    }

    @Test
    void valuesSpreadEvenlyOverTheBinsHaveEntropyLogM() {
        double[] v = new double[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        assertEquals(Math.log(10), EntropyCriterion.entropy(v, 10), 1e-12);
        assertEquals(0, EntropyCriterion.entropy(new double[] {2, 2, 2}, 10));
    }

    @Test
    void refusesABadBinCount() {
        CriterionException e = org.junit.jupiter.api.Assertions.assertThrows(
                CriterionException.class,
                () -> new EntropyCriterion()
                        .channelScores(
                                TinyNets.context(NET, IMAGES, Map.of("bins", "one")),
                                DependencyGraph.of(SPEC).group("conv").orElseThrow()));
        assertEquals(
                "criterion 'entropy': parameter bins must be a whole number from 2 to 100000, got 'one'",
                e.getMessage());
    }
}
