package dev.pruneline.core.criteria;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.bundle.Normalization;
import dev.pruneline.core.bundle.Tensor;
import dev.pruneline.core.data.ImageSet;
import dev.pruneline.core.measure.LayerCost;
import dev.pruneline.core.measure.ModelCost;
import dev.pruneline.core.prune.GlobalPruner;
import dev.pruneline.core.prune.PruneOutcome;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EnergyCriterionTest {
    @Test
    void prunesTheMostEnergyHungryLayerFirst() {
        // conv 3x3 keeping 8x8 (16 filters: much data movement) then a small linear layer
        ModelSpec spec = TinyNets.spec(
                8,
                2,
                TinyNets.conv("conv", 16, 3),
                TinyNets.of("relu", LayerType.RELU),
                LayerSpec2.maxpool("pool", 6),
                TinyNets.of("flat", LayerType.FLATTEN),
                TinyNets.linear("fc", 2));
        float[] bias = new float[16];
        java.util.Arrays.fill(bias, 1f); // every filter alive: no input of fc is free to cut
        ModelBundle net = TinyNets.bundle(spec, Map.of("conv.bias", bias));
        ImageSet images = TinyNets.randomImages(200, 8, 5);
        LayerCost hungry = ModelCost.of(net).layers().stream()
                .filter(c -> c.energyMicrojoules() > 0)
                .max(Comparator.comparingDouble(LayerCost::energyMicrojoules))
                .orElseThrow();
        assertEquals("conv", hungry.layer());
        PruneOutcome out = GlobalPruner.prune(TinyNets.context(net, images, Map.of()), new EnergyCriterion(), 0.2);
        double convShare = out.removedShare().get("conv.weight");
        double fcShare = out.removedShare().get("fc.weight");
        assertTrue(convShare > 0.2 && fcShare < convShare, convShare + " vs " + fcShare);
        // at a small target only the energy-hungry layer loses weights
        PruneOutcome first = GlobalPruner.prune(TinyNets.context(net, images, Map.of()), new EnergyCriterion(), 0.02);
        assertTrue(
                first.removedShare().get("conv.weight") > 0,
                first.removedShare().toString());
        assertEquals(0.0, first.removedShare().get("fc.weight"));
    }

    @Test
    void restoresASmallWeightOnAStrongInputAndRemovesALargerOneOnADeadInput() {
        // fc over 2x2 pixels, pixel 0 always black, pixel 1 always bright; rounds of 2 candidates, 1 restored
        ModelSpec spec = TinyNets.spec(2, 2, TinyNets.of("flat", LayerType.FLATTEN), TinyNets.linear("fc", 2));
        ModelBundle net = TinyNets.bundle(
                spec, Map.of("fc.weight", new float[] {0.2f, 0.1f, 0.5f, 0.6f, 0.9f, 0.7f, 0.8f, 1.0f}));
        Random rnd = new Random(6);
        ImageSet images = TinyNets.images(
                100, 2, i -> new int[] {0, 200 + rnd.nextInt(56), rnd.nextInt(256), rnd.nextInt(256)}, i -> 0);
        Map<String, String> params = Map.of("window", "0.25", "restore", "0.5");
        float[] s = new EnergyCriterion().weightScores(TinyNets.context(net, images, params), "fc.weight");
        // round 1: candidates 1 (0.1, strong input) and 0 (0.2, dead input): 1 is restored, 0 goes first
        assertEquals(0, TinyNets.order(s)[0]);
        assertTrue(s[1] > s[2] && s[1] > s[4], java.util.Arrays.toString(s));
        Tensor kept = GlobalPruner.prune(TinyNets.context(net, images, params), new EnergyCriterion(), 0.125)
                .bundle()
                .tensor("fc.weight");
        assertEquals(0f, kept.data()[0]);
        assertEquals(0.1f, kept.data()[1]);
        // without the restore step it is magnitude pruning: the small weight on the strong input goes first
        Tensor plain = GlobalPruner.prune(
                        TinyNets.context(net, images, Map.of("window", "0.25", "restore", "0")),
                        new EnergyCriterion(),
                        0.125)
                .bundle()
                .tensor("fc.weight");
        assertEquals(0f, plain.data()[1]);
        assertEquals(0.2f, plain.data()[0]);
    }

    @Test
    void removalOrderIsMagnitudeRoundsLessTheLargestOutputErrors() {
        // linear 1 x 4, input mean squares 1, 100, 0, 1; rounds of 2, restore 1 per round
        Tensor w = new Tensor("fc.weight", new int[] {1, 4}, new float[] {0.3f, 0.2f, 0.1f, 0.4f});
        int[] order = EnergyCriterion.removalOrder(w, new double[] {1, 100, 0, 1}, 0.5, 0.5);
        // round 1: {2 (err 0), 1 (err 4)} -> remove 2, restore 1; round 2: {0 (0.09), 3 (0.16)} -> remove 0, restore 3
        assertArrayEquals(new int[] {2, 0, 3, 1}, order);
        assertArrayEquals(new int[] {2, 1, 0, 3}, EnergyCriterion.removalOrder(w, new double[] {1, 100, 0, 1}, 0.5, 0));
    }

    @Test
    void shouldWeighEachInputChannelOfAColourImageByItsOwnNormalisedEnergy() {
        // a 1x1 conv over RGB; R and G are always 255 but G's mean is 1, so only R reaches the conv (x = 1)
        ModelSpec spec = TinyNets.spec(
                List.of(3, 2, 2),
                new Normalization(List.of(0.0, 1.0, 0.0), List.of(1.0, 1.0, 1.0)),
                2,
                TinyNets.conv("conv", 1, 1),
                TinyNets.of("relu", LayerType.RELU),
                TinyNets.of("flat", LayerType.FLATTEN),
                TinyNets.linear("fc", 2));
        ModelBundle net = TinyNets.bundle(spec, Map.of("conv.weight", new float[] {0.1f, 0.2f, 0.3f}));
        byte[] px = new byte[50 * 12];
        for (int i = 0; i < 50; i++) {
            java.util.Arrays.fill(px, i * 12, i * 12 + 8, (byte) 255);
        }
        ImageSet images = new ImageSet("validation", px, new int[50], 3, 2, 2);
        Map<String, String> params = Map.of("window", "0.5", "restore", "0.5");
        float[] s = new EnergyCriterion().weightScores(TinyNets.context(net, images, params), "conv.weight");
        // round 1: {0 (error 0.01), 1 (error 0)}: 0 restored, 1 removed; round 2: {2}, restored; restored by error
        assertArrayEquals(new int[] {1, 2, 0}, TinyNets.order(s));
    }

    @Test
    void refusesChannelGranularity() {
        assertEquals(
                "criterion 'energy' scores single weights only; use --granularity weight",
                ImportanceCriterion.unsupportedGranularity(new EnergyCriterion(), "channel")
                        .getMessage());
    }

    /** Layer specs not in {@link TinyNets}. */
    static final class LayerSpec2 {
        static dev.pruneline.core.bundle.LayerSpec maxpool(String name, int k) {
            return dev.pruneline.core.bundle.LayerSpec.of(name, LayerType.MAXPOOL, Map.of("kernel", k));
        }
    }
}
