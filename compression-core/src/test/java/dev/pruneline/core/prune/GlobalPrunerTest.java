package dev.pruneline.core.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pruneline.core.TestModels;
import dev.pruneline.core.bundle.LayerSpec;
import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.bundle.Normalization;
import dev.pruneline.core.bundle.Tensor;
import dev.pruneline.core.criteria.CriterionContext;
import dev.pruneline.core.criteria.CriterionException;
import dev.pruneline.core.criteria.CriterionRegistry;
import dev.pruneline.core.criteria.MagnitudeCriterion;
import dev.pruneline.core.criteria.TaylorCriterion;
import dev.pruneline.core.measure.ModelCost;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GlobalPrunerTest {
    /** input 3 -> fc1 (2x3 weights) -> fc2 (2x2 weights); 10 prunable weights. */
    private static ModelBundle tiny() {
        ModelSpec spec = new ModelSpec(
                1,
                "tiny",
                null,
                List.of(1, 1, 3),
                List.of("a", "b"),
                Normalization.mnist(),
                null,
                List.of(
                        LayerSpec.of("flat", LayerType.FLATTEN, Map.of()),
                        LayerSpec.of("fc1", LayerType.LINEAR, Map.of("outFeatures", 2)),
                        LayerSpec.of("fc2", LayerType.LINEAR, Map.of("outFeatures", 2))),
                Map.of(),
                Map.of());
        ModelBundle b = TestModels.randomBundle(spec, 1);
        return b.withTensors(List.of(
                new Tensor("fc1.weight", new int[] {2, 3}, new float[] {0.5f, -0.1f, 0.9f, -0.05f, 0.3f, -0.7f}),
                new Tensor("fc1.bias", new int[] {2}, new float[] {0.01f, 0.02f}),
                new Tensor("fc2.weight", new int[] {2, 2}, new float[] {-0.2f, 0.02f, 0.6f, -0.4f})));
    }

    private static CriterionContext context(ModelBundle b) {
        return CriterionContext.of(b, Map.of());
    }

    @Test
    void shouldZeroTheSmallestWeightsAcrossLayersUnderOneThreshold() {
        // |w| sorted: 0.02 0.05 0.1 0.2 | 0.3 0.4 0.5 0.6 0.7 0.9 -> 40% removes the first four
        PruneOutcome out = GlobalPruner.prune(context(tiny()), new MagnitudeCriterion(), 0.4);
        assertArrayEquals(
                new float[] {0.5f, 0f, 0.9f, 0f, 0.3f, -0.7f},
                out.bundle().tensor("fc1.weight").data());
        assertArrayEquals(
                new float[] {0f, 0f, 0.6f, -0.4f},
                out.bundle().tensor("fc2.weight").data());
        assertEquals(0.2f, (float) out.threshold());
        assertEquals(0.4, ModelCost.of(out.bundle()).sparsity(), 1e-12);
    }

    @Test
    void shouldLeaveBiasesAlone() {
        PruneOutcome out = GlobalPruner.prune(context(tiny()), new MagnitudeCriterion(), 0.9);
        assertArrayEquals(
                new float[] {0.01f, 0.02f}, out.bundle().tensor("fc1.bias").data());
    }

    @Test
    void shouldReachTheTargetSparsityOnLeNet5() {
        PruneOutcome out = GlobalPruner.prune(context(TestModels.lenet5()), new MagnitudeCriterion(), 0.8);
        long prunable = 150 + 2_400 + 48_000 + 10_080 + 840;
        assertEquals((long) Math.floor(0.8 * prunable), out.removed());
        assertEquals(
                Math.floor(0.8 * prunable) / prunable,
                ModelCost.of(out.bundle()).sparsity(),
                1e-12);
    }

    @Test
    void shouldListKnownCriteriaForAnUnknownOne() {
        CriterionException e = assertThrows(CriterionException.class, () -> CriterionRegistry.get("apoz-typo"));
        assertEquals(
                "unknown criterion 'apoz-typo' (known: magnitude, apoz, entropy, energy, random-search, lda, correlation, taylor, oracle)",
                e.getMessage());
    }

    @Test
    void shouldSayTaylorScoresChannelsOnly() {
        CriterionException e = assertThrows(
                CriterionException.class, () -> GlobalPruner.prune(context(tiny()), new TaylorCriterion(), 0.5));
        assertEquals("criterion 'taylor' scores channels only; use --granularity channel", e.getMessage());
    }
}
