package dev.pruneline.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.pruneline.core.TestModels;
import dev.pruneline.core.bundle.LayerSpec;
import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GraphBlockTest {

    /** LeNet-5 with dropout before each linear layer (inference dropout is an identity). */
    private static ModelSpec withDropout() {
        List<LayerSpec> layers = new ArrayList<>();
        for (LayerSpec l : Architectures.lenet5().layers()) {
            if (l.type() == LayerType.LINEAR) {
                layers.add(LayerSpec.of(l.name() + "_drop", LayerType.DROPOUT, Map.of("rate", 0.5)));
            }
            layers.add(l);
        }
        return Architectures.lenet5().withLayers(layers);
    }

    /**
     * LeNet-5 with a one-input add after the first ReLU: it hands its input array back unchanged, so
     * releasing the ReLU's output after its last consumer must not close what the add passes on.
     * (model.json refuses one-input adds; a graph built in code can still have them.)
     */
    private static ModelSpec withPassThrough() {
        List<LayerSpec> layers = new ArrayList<>();
        boolean added = false;
        for (LayerSpec l : Architectures.lenet5().layers()) {
            layers.add(l);
            if (!added && l.type() == LayerType.RELU) {
                layers.add(new LayerSpec("pass", LayerType.ADD, Map.of(), List.of(l.name())));
                added = true;
            }
        }
        return Architectures.lenet5().withLayers(layers);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lenet5", "vgg-small", "resnet8", "lenet5-dropout", "lenet5-pass-through"})
    void inferenceReleasesIntermediatesAndMatchesTheTracedForward(String arch) {
        ModelSpec spec = switch (arch) {
            case "lenet5-dropout" -> withDropout();
            case "lenet5-pass-through" -> withPassThrough();
            default -> Architectures.byName(arch);
        };
        try (LoadedModel m = LoadedModel.of(TestModels.randomBundle(spec, 5));
                NDManager bm = m.manager().newSubManager()) {
            float[] pixels = bm.randomNormal(new Shape(4, 1, 28, 28)).toFloatArray();
            GraphBlock g = (GraphBlock) m.block();
            float[] traced;
            try (NDManager step = bm.newSubManager()) {
                NDArray x = step.create(pixels, new Shape(4, 1, 28, 28));
                Map<String, NDList> all = g.forwardTraced(new ParameterStore(step, false), new NDList(x), false, null);
                traced = all.get(spec.layers().get(spec.layers().size() - 1).name())
                        .singletonOrThrow()
                        .toFloatArray();
            }
            try (NDManager step = bm.newSubManager()) {
                NDArray x = step.create(pixels, new Shape(4, 1, 28, 28));
                NDArray y = g.forward(new ParameterStore(step, false), new NDList(x), false)
                        .singletonOrThrow();
                assertArrayEquals(traced, y.toFloatArray(), 1e-6f);
                assertFalse(x.isReleased(), "the caller's input must stay open");
                long open = step.getManagedArrays().stream()
                        .filter(a -> !a.isReleased())
                        .count();
                System.out.println(arch + ": arrays open after inference " + open + " of "
                        + step.getManagedArrays().size());
                assertTrue(
                        open <= 2,
                        arch + ": intermediates left open: " + open + " arrays; only the input and the"
                                + " output should be");
            }
        }
    }
}
