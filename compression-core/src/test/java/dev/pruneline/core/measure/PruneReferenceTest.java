package dev.pruneline.core.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.core.CompressionException;
import dev.pruneline.core.TestModels;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.criteria.CriterionContext;
import dev.pruneline.core.criteria.MagnitudeCriterion;
import dev.pruneline.core.data.DataSplits;
import dev.pruneline.core.data.IdxWriter;
import dev.pruneline.core.model.Architectures;
import dev.pruneline.core.model.LoadedModel;
import dev.pruneline.core.prune.Granularity;
import dev.pruneline.core.prune.Pruner;
import dev.pruneline.core.prune.Selection;
import dev.pruneline.core.train.Evaluator;
import dev.pruneline.core.train.SampleSplits;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PyTorch side of the side-by-side benchmark at a tiny budget (256 training images, one epoch), so that the
 * harness cannot rot unnoticed. Skipped, saying why, where python3-torch is not installed.
 */
class PruneReferenceTest {
    @TempDir
    static Path tmp;

    private static final DataSplits DATA = SampleSplits.small(256, 100);
    private static Path idx;

    @BeforeAll
    static void writeTheImages() {
        idx = tmp.resolve("idx");
        IdxWriter.write(DATA.train(), idx, "train");
        IdxWriter.write(DATA.test(), idx, "test");
    }

    @Test
    void shouldPruneExactlyTheAskedShareOfWeightsOfTheModelPrunelineReads() {
        assumeTheHarnessRuns();
        ModelBundle lenet = TestModels.lenet5();
        Path dir = tmp.resolve("lenet");
        lenet.save(dir);

        List<PruneReference.Result> results = PruneReference.checked(
                PruneReference.run(
                        dir, idx, "weights=0.9", new PruneReference.Recipe(1, 1e-3, "cosine", 1), null, null),
                accuracy(lenet),
                DATA.test().size());

        assertEquals(1, results.size(), results.toString());
        PruneReference.Result r = results.get(0);
        assertTrue(r.tool().startsWith("torch.nn.utils.prune"), r.tool());
        ModelCost cost = ModelCost.of(lenet);
        long removed = (long) Math.floor(0.9 * cost.prunableWeights());
        assertEquals(cost.parameters(), r.parameters());
        assertEquals(cost.parameters() - removed, r.nonzero(), "biases stay, 90% of the weights go");
        assertEquals(cost.macs(), r.macs());
        assertEquals(1, r.epochs());
        assertTrue(r.afterPrune() >= 0 && r.afterFineTune() <= 1, r.toString());
    }

    @Test
    void shouldCutFiltersOfTiedResidualChannelsToTheMacsTargetAndTimeAPrunelineModel() {
        assumeTheHarnessRuns();
        ModelBundle resnet = TestModels.randomBundle(Architectures.resnet8(), 11);
        Path dir = tmp.resolve("resnet8");
        resnet.save(dir);
        ModelBundle narrower = Pruner.of(Granularity.CHANNEL)
                .run(CriterionContext.of(resnet, Map.of()), new MagnitudeCriterion(), Selection.global(0.5))
                .bundle();
        Path narrowerDir = tmp.resolve("narrower");
        narrower.save(narrowerDir);

        List<PruneReference.Result> results = PruneReference.checked(
                PruneReference.run(
                        dir, idx, "macs=0.5", new PruneReference.Recipe(1, 1e-3, "constant", 1), null, narrowerDir),
                accuracy(resnet),
                DATA.test().size());

        assertEquals(2, results.size(), results.toString());
        PruneReference.Result l1 = results.get(0);
        long dense = ModelCost.of(resnet).macs();
        assertTrue(l1.macs() <= 0.5 * dense && l1.macs() > 0.3 * dense, l1.macs() + " of " + dense);
        PruneReference.Result timed = results.get(1);
        assertEquals("timed", timed.tool());
        assertEquals(ModelCost.of(narrower).macs(), timed.macs(), "the harness reads a pruned residual graph as is");
        assertTrue(timed.latency1Millis() > 0 && timed.latency64Millis() > timed.latency1Millis(), timed.toString());
    }

    @Test
    void shouldRefuseAHarnessThatReadsTheModelDifferently() {
        PruneReference.Result dense = new PruneReference.Result("dense", 0.5, 0.5, 1, 1, 1, 1, 0, 0, 0);
        PruneReference.Result tool = new PruneReference.Result("x", 0.4, 0.45, 1, 1, 1, 1, 0, 0, 1);

        assertEquals(List.of(tool), PruneReference.checked(List.of(dense, tool), 0.51, 100));
        CompressionException e =
                assertThrows(CompressionException.class, () -> PruneReference.checked(List.of(dense, tool), 0.53, 100));
        assertTrue(e.getMessage().contains("reads the model differently"), e.getMessage());
    }

    private static void assumeTheHarnessRuns() {
        Optional<String> why = PruneReference.unavailable();
        Assumptions.assumeTrue(why.isEmpty(), () -> "the PyTorch harness cannot run here: " + why.orElseThrow());
    }

    private static double accuracy(ModelBundle bundle) {
        try (LoadedModel m = LoadedModel.of(bundle)) {
            return Evaluator.evaluate(m, DATA.test()).accuracy();
        }
    }
}
