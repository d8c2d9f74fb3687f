package dev.pruneline.core.criteria;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.data.ImageSet;
import dev.pruneline.core.graph.DependencyGraph;
import dev.pruneline.core.prune.Granularity;
import dev.pruneline.core.prune.PruneOutcome;
import dev.pruneline.core.prune.Pruner;
import dev.pruneline.core.prune.Selection;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApozCriterionTest {
    /** conv 1x1 with 3 filters over pixels x in [0, 1]: -x - 0.1 (never positive), x + 0.1 (always), x - 0.5 (half). */
    static final ModelSpec SPEC = TinyNets.spec(
            2,
            2,
            TinyNets.conv("conv", 3, 1),
            TinyNets.of("relu", LayerType.RELU),
            TinyNets.of("flat", LayerType.FLATTEN),
            TinyNets.linear("fc", 2));

    static final ModelBundle NET = TinyNets.bundle(
            SPEC, Map.of("conv.weight", new float[] {-1, 1, 1}, "conv.bias", new float[] {-0.1f, 0.1f, -0.5f}));
    static final ImageSet IMAGES = TinyNets.randomImages(300, 2, 1);

    @Test
    void anAlwaysZeroChannelHasApozOneAndAnAlwaysPositiveOneZero() {
        CriterionContext ctx = TinyNets.context(NET, IMAGES, Map.of());
        double[] apoz =
                ApozCriterion.apoz(ctx, DependencyGraph.of(SPEC).groups()).get("conv");
        assertEquals(1.0, apoz[0], 1e-12);
        assertEquals(0.0, apoz[1], 1e-12);
        assertEquals(0.5, apoz[2], 0.06);
    }

    @Test
    void cutsTheAlwaysZeroChannelFirst() {
        PruneOutcome out = Pruner.of(Granularity.CHANNEL)
                .run(TinyNets.context(NET, IMAGES, Map.of()), new ApozCriterion(), Selection.global(0.34));
        assertArrayEquals(new int[] {1, 2}, out.keptChannels().get("conv"));
    }

    @Test
    void refusesWeightGranularityNamingTheOneItScores() {
        CriterionException e = org.junit.jupiter.api.Assertions.assertThrows(
                CriterionException.class,
                () -> Pruner.of(Granularity.WEIGHT)
                        .run(TinyNets.context(NET, IMAGES, Map.of()), new ApozCriterion(), Selection.global(0.5)));
        assertEquals("criterion 'apoz' scores channels only; use --granularity channel", e.getMessage());
    }
}
