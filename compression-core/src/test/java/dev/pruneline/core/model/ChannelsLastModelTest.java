package dev.pruneline.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.engine.ActivationLayout;
import dev.pruneline.core.engine.ConvPath;
import dev.pruneline.core.engine.EngineMode;
import dev.pruneline.core.engine.EngineSetup;
import dev.pruneline.core.engine.GradientLock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A model whose convolutions all keep their widths (ResNet-8: 16/32/64) runs its activations
 * channels-last on the oneDNN path; its logits, loss and every parameter gradient are those of the
 * reference path (oneDNN off, plain layout).
 */
class ChannelsLastModelTest {
    private static final double TOLERANCE = 1e-4;

    @Test
    void shouldPickTheLayoutFromTheConvolutionWidths() {
        try (LoadedModel resnet = LoadedModel.initialise(Architectures.resnet8(), 1);
                LoadedModel lenet = LoadedModel.initialise(Architectures.lenet5(), 1)) {
            assertEquals(ActivationLayout.CHANNELS_LAST, resnet.block().layout());
            assertEquals(ActivationLayout.PLAIN, lenet.block().layout(), "LeNet-5's 6 filters are cut back from 16");
        }
    }

    @Test
    void shouldTrainAndInferAsOnTheReferencePath() {
        ModelBundle bundle;
        try (LoadedModel m = LoadedModel.initialise(Architectures.resnet8(), 3)) {
            bundle = m.toBundle(m.spec());
        }
        EngineMode saved = EngineSetup.current();
        Map<String, float[]> fast;
        Map<String, float[]> reference;
        try {
            EngineSetup.usePath(ConvPath.ONEDNN_ALIGNED, "test");
            fast = GradientLock.with(() -> outputsAndGradients(bundle));
            EngineSetup.usePath(ConvPath.REFERENCE, "test");
            reference = GradientLock.with(() -> outputsAndGradients(bundle));
        } finally {
            EngineSetup.restore(saved);
        }
        assertEquals(reference.keySet(), fast.keySet());
        reference.forEach((name, expected) -> {
            float[] got = fast.get(name);
            double scale = 1e-12;
            double worst = 0;
            for (int i = 0; i < expected.length; i++) {
                scale = Math.max(scale, Math.abs(expected[i]));
                worst = Math.max(worst, Math.abs((double) expected[i] - got[i]));
            }
            assertTrue(worst / scale <= TOLERANCE, name + " differs by " + worst / scale + " of its largest value");
        });
    }

    /** Eval logits, training loss and the gradient of every parameter on one seeded batch. */
    private static Map<String, float[]> outputsAndGradients(ModelBundle bundle) {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (LoadedModel model = LoadedModel.of(bundle);
                NDManager m = model.manager().newSubManager()) {
            Engine.getInstance().setRandomSeed(11);
            NDArray x = m.randomNormal(new Shape(16, 1, 28, 28));
            NDArray y = m.randomInteger(0, 10, new Shape(16), DataType.INT32);
            ParameterStore ps = new ParameterStore(m, false);
            out.put(
                    "eval logits",
                    model.block()
                            .forward(ps, new NDList(x), false)
                            .singletonOrThrow()
                            .toFloatArray());
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.block().forward(ps, new NDList(x), true).singletonOrThrow();
                NDArray loss = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(logits));
                out.put("training logits", logits.toFloatArray());
                out.put("loss", new float[] {loss.getFloat()});
                gc.backward(loss);
            }
            model.parameters().forEach((name, p) -> {
                if (p.requiresGradient()) {
                    out.put(name + " gradient", p.getArray().getGradient().toFloatArray());
                }
            });
        }
        return out;
    }
}
