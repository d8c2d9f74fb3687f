package dev.pruneline.core.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.Safetensors;
import dev.pruneline.core.bundle.Tensor;
import dev.pruneline.core.graph.ChannelGroup;
import dev.pruneline.core.graph.Coupling;
import dev.pruneline.core.graph.DependencyGraph;
import dev.pruneline.core.measure.ModelCost;
import dev.pruneline.core.model.LoadedModel;
import dev.pruneline.core.prune.ChannelSurgery;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The models PyTorch's own exporter wrote (tools/onnx-fixtures): each imports, computes the
 * exporter's reference outputs, prunes by channels to at least 30% fewer MACs, exports, and ONNX
 * Runtime computes what the engine computes on the pruned model.
 */
class OnnxFixturesTest {
    /** Largest difference accepted between two runtimes computing the same float32 model. */
    static final double TOLERANCE = 1e-4;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "resnet_small",
                "resnet_small_bn",
                "mobilenetv2_small",
                "mobilenetv3_small",
                "squeezenet_small",
                "mixed_ops"
            })
    void shouldImportComputeReferenceOutputsPruneAndExportWhatOnnxRuntimeRuns(String name) throws Exception {
        ModelBundle bundle = ModelBundle.load(fixture(name + ".onnx"));
        Map<String, Tensor> reference = Safetensors.read(fixture(name + ".reference.safetensors"));
        Tensor input = reference.get("input");
        float[] expected = reference.get("output").data();

        float[] imported = outputs(bundle, input);
        assertClose(expected, imported, "engine vs PyTorch on the imported " + name);

        ModelBundle pruned = halveEveryGroup(bundle);
        double macsBefore = ModelCost.of(bundle).macs();
        double macsAfter = ModelCost.of(pruned).macs();
        assertTrue(
                macsAfter <= 0.7 * macsBefore,
                name + ": channel pruning left " + macsAfter + " of " + macsBefore + " MACs");
        assertTrue(pruned.spec().layers().stream()
                .filter(l -> l.type() == LayerType.CONV2D)
                .anyMatch(l ->
                        l.intAttr("outChannels") < bundle.spec().layer(l.name()).intAttr("outChannels")));

        pruned.save(dir);
        byte[] exported = Files.readAllBytes(dir.resolve(ModelBundle.MODEL_ONNX));
        float[] engine = outputs(pruned, input);
        float[] runtime = onnxRuntime(exported, bundle.spec().onnx().inputName(), input);
        assertClose(engine, runtime, "ONNX Runtime vs engine on the pruned " + name);
        assertArrayEquals(top1(engine, classes(bundle)), top1(runtime, classes(bundle)));
    }

    static Path fixture(String file) {
        return Path.of("src/test/resources/onnx", file);
    }

    /** Removes the lower-L1 half of every prunable channel group. */
    static ModelBundle halveEveryGroup(ModelBundle bundle) {
        Map<String, int[]> kept = new LinkedHashMap<>();
        for (ChannelGroup g : DependencyGraph.of(bundle.spec()).groups()) {
            double[] l1 = new double[g.channels()];
            for (Coupling p : g.producers()) {
                Tensor w = bundle.tensor(p.layer() + ".weight");
                int per = w.data().length / w.shape()[0];
                for (int c = 0; c < g.channels(); c++) {
                    for (int i = 0; i < per; i++) {
                        l1[c] += Math.abs(w.data()[c * per + i]);
                    }
                }
            }
            int keep = Math.max(1, g.channels() / 2);
            kept.put(
                    g.id(),
                    IntStream.range(0, g.channels())
                            .boxed()
                            .sorted(Comparator.comparingDouble(c -> -l1[c]))
                            .limit(keep)
                            .mapToInt(Integer::intValue)
                            .sorted()
                            .toArray());
        }
        assertTrue(
                !kept.isEmpty(), "no prunable channel group in " + bundle.spec().name());
        return ChannelSurgery.shrink(bundle, kept);
    }

    /** The engine's outputs, with the release's softmax applied when it had one. */
    static float[] outputs(ModelBundle bundle, Tensor input) {
        int[] s = input.shape();
        float[] y;
        try (LoadedModel model = LoadedModel.of(bundle);
                NDManager m = model.manager().newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            y = model.block()
                    .forward(ps, new NDList(m.create(input.data(), new Shape(s[0], s[1], s[2], s[3]))), false)
                    .singletonOrThrow()
                    .toFloatArray();
        }
        return bundle.spec().onnx() != null && bundle.spec().onnx().softmaxOutput() ? softmax(y, classes(bundle)) : y;
    }

    static float[] onnxRuntime(byte[] model, String inputName, Tensor input) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int[] s = input.shape();
        try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions());
                OnnxTensor x = OnnxTensor.createTensor(
                        env, FloatBuffer.wrap(input.data()), new long[] {s[0], s[1], s[2], s[3]});
                OrtSession.Result r = session.run(Map.of(inputName, x))) {
            float[][] out = (float[][]) r.get(0).getValue();
            return Arrays.stream(out)
                    .reduce((a, b) -> {
                        float[] c = Arrays.copyOf(a, a.length + b.length);
                        System.arraycopy(b, 0, c, a.length, b.length);
                        return c;
                    })
                    .orElseThrow();
        }
    }

    static int classes(ModelBundle bundle) {
        return bundle.spec().classes().size();
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": output sizes");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= TOLERANCE, what + ": max abs difference " + worst);
    }

    static int[] top1(float[] scores, int classes) {
        int[] out = new int[scores.length / classes];
        for (int r = 0; r < out.length; r++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (scores[r * classes + c] > scores[r * classes + best]) {
                    best = c;
                }
            }
            out[r] = best;
        }
        return out;
    }

    private static float[] softmax(float[] logits, int classes) {
        float[] out = new float[logits.length];
        for (int r = 0; r < logits.length / classes; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, logits[r * classes + c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(logits[r * classes + c] - max);
            }
            for (int c = 0; c < classes; c++) {
                out[r * classes + c] = (float) (Math.exp(logits[r * classes + c] - max) / sum);
            }
        }
        return out;
    }
}
