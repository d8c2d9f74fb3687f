package dev.pruneline.core.criteria;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.bundle.Tensor;
import dev.pruneline.core.data.ImageSet;
import dev.pruneline.core.measure.LayerCost;
import dev.pruneline.core.measure.ModelCost;
import dev.pruneline.core.prune.GlobalPruner;
import dev.pruneline.core.prune.PruneOutcome;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EnergyCriterionTest {
    @Test
    void prunesTheMostEnergyHungryLayerFirst() {
        // conv 3x3 keeping 8x8 (16 filters: much data movement) then a small linear layer
        ModelSpec spec = TinyNets.spec(8, 2, TinyNets.conv("conv", 16, 3), TinyNets.of("relu", LayerType.RELU),
                LayerSpec2.maxpool("pool", 6), TinyNets.of("flat", LayerType.FLATTEN), TinyNets.linear("fc", 2));
        float[] bias = new float[16];
        java.util.Arrays.fill(bias, 1f); // every filter alive: no input of fc is free to cut
        ModelBundle net = TinyNets.bundle(spec, Map.of("conv.bias", bias));
        ImageSet images = TinyNets.randomImages(200, 8, 5);
        LayerCost hungry = ModelCost.of(net).layers().stream().filter(c -> c.energyMicrojoules() > 0)
                .max(Comparator.comparingDouble(LayerCost::energyMicrojoules)).orElseThrow();
        assertEquals("conv", hungry.layer());
        PruneOutcome out = GlobalPruner.prune(TinyNets.context(net, images, Map.of()), new EnergyCriterion(), 0.2);
        double convShare = out.removedShare().get("conv.weight");
        double fcShare = out.removedShare().get("fc.weight");
        assertTrue(convShare > 0.2 && fcShare < convShare, convShare + " vs " + fcShare);
    }

    @Test
    void keepsASmallWeightOnAStrongInputOverALargeWeightOnADeadOne() {
        // fc over 2x2 pixels, pixel 0 always black: its weights change nothing, however large
        ModelSpec spec = TinyNets.spec(2, 2, TinyNets.of("flat", LayerType.FLATTEN), TinyNets.linear("fc", 2));
        ModelBundle net = TinyNets.bundle(spec, Map.of("fc.weight", new float[] {1.0f, 0.1f, 0.5f, 0.5f,
            0.9f, 0.3f, 0.4f, 0.6f}));
        Random rnd = new Random(6);
        ImageSet images = TinyNets.images(100, 2, i -> new int[] {0, rnd.nextInt(256), rnd.nextInt(256),
            rnd.nextInt(256)}, i -> 0);
        float[] s = new EnergyCriterion().weightScores(TinyNets.context(net, images, Map.of()), "fc.weight");
        assertArrayEquals(new int[] {0, 4, 1}, java.util.Arrays.copyOf(TinyNets.order(s), 3));
        Tensor kept = GlobalPruner.prune(TinyNets.context(net, images, Map.of()), new EnergyCriterion(), 0.25)
                .bundle().tensor("fc.weight");
        assertEquals(0.1f, kept.data()[1]);
    }

    @Test
    void refusesChannelGranularity() {
        assertEquals("criterion 'energy' scores single weights only; use --granularity weight",
                ImportanceCriterion.unsupportedGranularity(new EnergyCriterion(), "channel").getMessage());
    }

    /** Layer specs not in {@link TinyNets}. */
    static final class LayerSpec2 {
        static dev.pruneline.core.bundle.LayerSpec maxpool(String name, int k) {
            return dev.pruneline.core.bundle.LayerSpec.of(name, LayerType.MAXPOOL, Map.of("kernel", k));
        }
    }
}
