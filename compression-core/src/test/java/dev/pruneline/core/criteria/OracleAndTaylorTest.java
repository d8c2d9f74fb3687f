package dev.pruneline.core.criteria;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.data.ImageSet;
import dev.pruneline.core.graph.ChannelGroup;
import dev.pruneline.core.graph.DependencyGraph;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OracleAndTaylorTest {
    /**
     * conv 1x1 with 3 live filters (x, 2x, x + 0.2) on 1x1 images, then fc to 2 classes. The fc reads
     * filter 1 with zero weights: removing filter 1 cannot change the loss. Labels: bright = class 1.
     */
    static final ModelSpec SPEC = TinyNets.spec(
            1,
            2,
            TinyNets.conv("conv", 3, 1),
            TinyNets.of("relu", LayerType.RELU),
            TinyNets.of("flat", LayerType.FLATTEN),
            TinyNets.linear("fc", 2));

    static final ModelBundle NET = TinyNets.bundle(
            SPEC,
            Map.of(
                    "conv.weight",
                    new float[] {1, 2, 1},
                    "conv.bias",
                    new float[] {0, 0, 0.2f},
                    "fc.weight",
                    new float[] {-3, 0, -1, 3, 0, 2},
                    "fc.bias",
                    new float[] {1.5f, -1.5f}));
    static final ImageSet IMAGES =
            TinyNets.images(200, 1, i -> new int[] {(i * 37) % 256}, i -> (i * 37) % 256 > 127 ? 1 : 0);
    static final ChannelGroup GROUP = DependencyGraph.of(SPEC).group("conv").orElseThrow();

    @Test
    void theOracleScoresAUnitWhoseRemovalLeavesTheLossUnchangedZeroAndPrunesItFirst() {
        float[] s = new OracleCriterion().channelScores(TinyNets.context(NET, IMAGES, Map.of()), GROUP);
        assertEquals(0f, s[1]);
        assertTrue(s[0] > 0.01 && s[2] > 0.01, java.util.Arrays.toString(s));
        assertEquals(1, TinyNets.order(s)[0]);
    }

    @Test
    void theOracleMeasuresTheLossChangeOfRemovingTheChannel() {
        CriterionContext ctx = TinyNets.context(NET, IMAGES, Map.of("mode", "loss"));
        double base = OracleCriterion.loss(ctx, NET);
        double without0 = OracleCriterion.loss(ctx, ChannelMask.zero(NET, Map.of(GROUP, new int[] {0})));
        float[] s = new OracleCriterion().channelScores(ctx, GROUP);
        assertEquals(without0 - base, s[0], 1e-5);
    }

    @Test
    void taylorAlsoScoresTheUnreadChannelZeroAndAveragesActivationTimesGradient() {
        float[] s = new TaylorCriterion().channelScores(TinyNets.context(NET, IMAGES, Map.of()), GROUP);
        assertEquals(0f, s[1]);
        assertTrue(s[0] > 0 && s[2] > 0, java.util.Arrays.toString(s));
    }
}
