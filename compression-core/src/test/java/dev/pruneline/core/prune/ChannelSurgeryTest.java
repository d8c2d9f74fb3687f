package dev.pruneline.core.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.pruneline.core.TestModels;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.Tensor;
import dev.pruneline.core.criteria.CriterionContext;
import dev.pruneline.core.criteria.MagnitudeCriterion;
import dev.pruneline.core.graph.DependencyGraph;
import dev.pruneline.core.measure.ModelCost;
import dev.pruneline.core.model.Architectures;
import dev.pruneline.core.model.LoadedModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelSurgeryTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"lenet5", "vgg-small", "resnet8", "wrn8-2"})
    void shrunkModelComputesWhatTheMaskedOriginalComputes(String arch) {
        ModelBundle original = TestModels.randomBundle(Architectures.byName(arch), 11);
        PruneOutcome out = Pruner.of(Granularity.CHANNEL)
                .run(CriterionContext.of(original, Map.of()), new MagnitudeCriterion(), Selection.global(0.5));
        DependencyGraph graph = DependencyGraph.of(original.spec());
        Map<String, int[]> removed = new LinkedHashMap<>();
        out.keptChannels()
                .forEach((g, kept) -> removed.put(
                        g,
                        ChannelSurgery.complement(graph.group(g).orElseThrow().channels(), kept)));
        ModelBundle masked = ChannelSurgery.mask(original, removed);
        out.bundle().save(tmp.resolve("shrunk"));
        ModelBundle shrunk = ModelBundle.load(tmp.resolve("shrunk"));

        float[] a = logits(masked, 8);
        float[] b = logits(shrunk, 8);
        double maxDiff = 0;
        for (int i = 0; i < a.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
        }
        System.out.printf(
                "%s: max |shrunk - masked| = %.3g over %d logits; MACs %d -> %d%n",
                arch,
                maxDiff,
                a.length,
                ModelCost.of(original).macs(),
                ModelCost.of(shrunk).macs());
        assertTrue(maxDiff < 1e-4, arch + " max abs diff " + maxDiff);
        assertTrue(ModelCost.of(shrunk).macs() < 0.4 * ModelCost.of(original).macs(), arch);
    }

    @Test
    void removesTheSameChannelFromEveryCoupledTensor() {
        ModelBundle vgg = TestModels.randomBundle(Architectures.vggSmall(), 2);
        ModelBundle out = ChannelSurgery.shrink(vgg, Map.of("conv4", new int[] {0, 5, 63}));
        assertEquals(3, out.spec().layer("conv4").intAttr("outChannels"));
        assertArrayEquals(new int[] {3, 64, 3, 3}, out.tensor("conv4.weight").shape());
        assertArrayEquals(
                new float[] {
                    vgg.tensor("bn4.gamma").data()[0],
                    vgg.tensor("bn4.gamma").data()[5],
                    vgg.tensor("bn4.gamma").data()[63]
                },
                out.tensor("bn4.gamma").data());
        Tensor fc1 = out.tensor("fc1.weight");
        assertArrayEquals(new int[] {128, 3 * 49}, fc1.shape());
        // fc1 column 49 of the shrunk model is column 5*49 of the original (channel 5, position 0)
        assertEquals(vgg.tensor("fc1.weight").data()[5 * 49], fc1.data()[49]);
    }

    private static float[] logits(ModelBundle bundle, int n) {
        try (LoadedModel m = LoadedModel.of(bundle);
                NDManager bm = m.manager().newSubManager()) {
            java.util.Random rnd = new java.util.Random(5);
            float[] px = new float[n * 28 * 28];
            for (int i = 0; i < px.length; i++) {
                px[i] = (float) rnd.nextGaussian();
            }
            NDArray x = bm.create(px, new Shape(n, 1, 28, 28));
            return m.block()
                    .forward(new ParameterStore(bm, false), new NDList(x), false)
                    .singletonOrThrow()
                    .toFloatArray();
        }
    }
}
