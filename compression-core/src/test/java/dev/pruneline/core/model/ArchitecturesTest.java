package dev.pruneline.core.model;

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
import dev.pruneline.core.bundle.ModelJson;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.data.DataSplits;
import dev.pruneline.core.measure.ModelCost;
import dev.pruneline.core.train.SampleSplits;
import dev.pruneline.core.train.TrainingLoop;
import dev.pruneline.core.train.TrainingOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArchitecturesTest {
    @TempDir
    Path tmp;

    @Test
    void vggSmallHasTheDocumentedSize() {
        ModelCost cost = ModelCost.of(TestModels.randomBundle(Architectures.vggSmall(), 1));
        // convs 288+9216+18432+36864, BN 2*(32+32+64+64), fc1 3136*128+128, fc2 1290
        assertEquals(288 + 9_216 + 18_432 + 36_864 + 384 + 401_536 + 1_290, cost.parameters());
        assertEquals(225_792L + 7_225_344 + 3_612_672 + 7_225_344 + 401_408 + 1_280, cost.macs());
    }

    @Test
    void resnet8HasProjectionShortcutsOnlyWhereShapesChange() {
        ModelSpec spec = Architectures.resnet8();
        assertEquals(
                2,
                spec.layers().stream().filter(l -> l.name().endsWith("_proj")).count());
        assertEquals(
                java.util.List.of("s1_bn2", "stem_relu"), spec.layer("s1_add").inputs());
        assertEquals(
                java.util.List.of("s2_bn2", "s2_proj_bn"), spec.layer("s2_add").inputs());
    }

    @Test
    void wideResnet8IsResnet8WithEveryWidthDoubled() {
        var narrow = Architectures.resnet8().layers();
        var wide = Architectures.byName("wrn8-2").layers();
        assertEquals(narrow.size(), wide.size());
        for (int i = 0; i < narrow.size(); i++) {
            assertEquals(narrow.get(i).name(), wide.get(i).name());
            if (narrow.get(i).type() == dev.pruneline.core.bundle.LayerType.CONV2D) {
                assertEquals(
                        2 * narrow.get(i).intAttr("outChannels"), wide.get(i).intAttr("outChannels"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lenet5", "vgg-small", "resnet8", "wrn8-2"})
    void everyArchitectureRoundTripsThroughModelJsonAndRunsOnTheEngine(String arch) {
        ModelSpec spec = Architectures.byName(arch);
        assertEquals(
                spec.layers(), ModelJson.parse(ModelJson.toBytes(spec), arch).layers());
        ModelBundle bundle = TestModels.randomBundle(spec, 3);
        bundle.save(tmp.resolve(arch));
        try (LoadedModel m = LoadedModel.of(ModelBundle.load(tmp.resolve(arch)));
                NDManager bm = m.manager().newSubManager()) {
            NDArray x = bm.randomNormal(new Shape(2, 1, 28, 28));
            NDArray y = m.block()
                    .forward(new ParameterStore(bm, false), new NDList(x), false)
                    .singletonOrThrow();
            assertArrayEquals(new long[] {2, 10}, y.getShape().getShape());
        }
    }

    @Test
    void resnet8TrainsAFewBatchesWithoutDiverging() {
        DataSplits data = SampleSplits.small(256, 100);
        try (LoadedModel m = LoadedModel.initialise(Architectures.resnet8(), 1)) {
            var out = TrainingLoop.train(
                    m,
                    data,
                    TrainingOptions.builder().epochs(1).maxBatchesPerEpoch(4).build());
            assertTrue(Double.isFinite(out.epochs().get(0).trainLoss()));
        }
    }
}
