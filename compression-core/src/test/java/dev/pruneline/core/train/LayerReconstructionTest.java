package dev.pruneline.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.pruneline.core.TestModels;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.Tensor;
import dev.pruneline.core.criteria.CriterionContext;
import dev.pruneline.core.criteria.MagnitudeCriterion;
import dev.pruneline.core.data.DataSplits;
import dev.pruneline.core.data.ImageSet;
import dev.pruneline.core.model.Architectures;
import dev.pruneline.core.model.LoadedModel;
import dev.pruneline.core.prune.ChannelSurgery;
import dev.pruneline.core.prune.GlobalPruner;
import dev.pruneline.core.prune.Granularity;
import dev.pruneline.core.prune.PruneOutcome;
import dev.pruneline.core.prune.Pruner;
import dev.pruneline.core.prune.Selection;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LayerReconstructionTest {
    private static final DataSplits DATA = SampleSplits.small(512, 200);

    @Test
    void shouldBringUnstructuredPrunedOutputsBackTowardsTheOriginalAndKeepTheZeros() {
        ModelBundle original = TestModels.lenet5();
        ModelBundle pruned = GlobalPruner.prune(CriterionContext.of(original, Map.of()), new MagnitudeCriterion(), 0.8)
                .bundle();

        LayerReconstruction.Result result =
                LayerReconstruction.reconstruct(original, pruned, Map.of(), DATA.train(), 512);

        assertEquals(5, result.summary().refitted(), "conv1, conv2, fc1, fc2, fc3");
        assertTrue(
                result.summary().meanRelativeErrorAfter() < result.summary().meanRelativeErrorBefore() / 2,
                result.summary().toString());
        for (String name : GlobalPruner.collect(pruned)) {
            float[] before = pruned.tensor(name).data();
            float[] after = result.bundle().tensor(name).data();
            for (int i = 0; i < before.length; i++) {
                assertEquals(
                        before[i] == 0,
                        after[i] == 0,
                        name + "[" + i + "]: pruned weights stay zero, kept ones stay non-zero");
            }
        }
        // judged on test images the fit never saw
        double plain = logitDistance(original, pruned, DATA.test());
        double refitted = logitDistance(original, result.bundle(), DATA.test());
        assertTrue(refitted < plain / 2, "logit distance to the original: pruned " + plain + ", refitted " + refitted);
    }

    @Test
    void shouldRefitChannelPrunedLayersAgainstTheChannelsTheyKept() {
        ModelBundle original = TestModels.randomBundle(Architectures.vggSmall(), 5);
        PruneOutcome outcome = Pruner.of(Granularity.CHANNEL)
                .run(CriterionContext.of(original, Map.of()), new MagnitudeCriterion(), Selection.global(0.5));
        Map<String, int[]> keptOutputs = ChannelSurgery.keptOutputs(original, outcome.keptChannels());
        assertEquals(
                outcome.bundle().tensor("conv1.weight").shape()[0],
                keptOutputs.get("conv1").length,
                "conv1 keeps as many outputs as its pruned weight has filters");

        LayerReconstruction.Result result =
                LayerReconstruction.reconstruct(original, outcome.bundle(), keptOutputs, DATA.train(), 512);

        for (Tensor t : outcome.bundle().tensors().values()) {
            assertArrayEquals(t.shape(), result.bundle().tensor(t.name()).shape(), t.name());
        }
        assertTrue(result.summary().refitted() >= 4, result.summary().toString());
        double plain = logitDistance(original, outcome.bundle(), DATA.test());
        double refitted = logitDistance(original, result.bundle(), DATA.test());
        assertTrue(refitted < plain / 2, "logit distance to the original: pruned " + plain + ", refitted " + refitted);
    }

    @Test
    void shouldLeaveAModelThatLostNothingAsItWas() {
        ModelBundle original = TestModels.lenet5();

        LayerReconstruction.Result result =
                LayerReconstruction.reconstruct(original, original, Map.of(), DATA.train(), 256);

        double moved = logitDistance(original, result.bundle(), DATA.test());
        assertTrue(moved < 1e-3 * logitNorm(original, DATA.test()), "logits moved by " + moved);
    }

    /** Root-mean-square difference of the two models' logits over {@code images}. */
    private static double logitDistance(ModelBundle a, ModelBundle b, ImageSet images) {
        float[] la = logits(a, images);
        float[] lb = logits(b, images);
        double sum = 0;
        for (int i = 0; i < la.length; i++) {
            sum += (la[i] - lb[i]) * (la[i] - lb[i]);
        }
        return Math.sqrt(sum / la.length);
    }

    private static double logitNorm(ModelBundle a, ImageSet images) {
        float[] la = logits(a, images);
        double sum = 0;
        for (float v : la) {
            sum += v * v;
        }
        return Math.sqrt(sum / la.length);
    }

    private static float[] logits(ModelBundle bundle, ImageSet images) {
        try (LoadedModel m = LoadedModel.of(bundle);
                NDManager bm = m.manager().newSubManager()) {
            Batches batches = new Batches(images, m.spec());
            int[] order = IntStream.range(0, images.size()).toArray();
            return m.block()
                    .forward(
                            new ParameterStore(m.manager(), false),
                            new NDList(batches.images(bm, order, 0, order.length)),
                            false)
                    .singletonOrThrow()
                    .toFloatArray();
        }
    }
}
