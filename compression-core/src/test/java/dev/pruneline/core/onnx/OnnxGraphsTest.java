package dev.pruneline.core.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Graphs written the way other exporters write them (TensorFlow's SAME padding, unequal pads,
 * {@code x.view(x.size(0), -1)} shape arithmetic, a bias as a separate Add): the engine computes on
 * the import what ONNX Runtime computes on the original file, and the re-export agrees as well.
 */
class OnnxGraphsTest {
    private static final int C = 3;
    private static final int H = 9;
    private static final int W = 11;

    @Test
    void shouldComputeSamePaddingUnequalPadsShapeArithmeticAndBiasAddsAsOnnxRuntimeDoes() throws Exception {
        Graph g = new Graph(13);
        // TensorFlow-style SAME padding with an even kernel: one more row and column at the end.
        g.node(
                "Conv",
                "conv1",
                new String[] {"input", "w1"},
                "c1",
                OnnxExport.intsAttr("strides", 2, 2),
                str("auto_pad", "SAME_UPPER"));
        g.weight("w1", 8, C, 2, 2);
        // The bias as its own Add of a (C, 1, 1) constant.
        g.node("Add", "bias1", new String[] {"c1", "b1"}, "a1");
        g.weight("b1", 8, 1, 1);
        g.node("LeakyRelu", "act1", new String[] {"a1"}, "r1", OnnxExport.floatAttr("alpha", 0.2f));
        // Unequal explicit pads on a max pool and a zero Pad before a convolution.
        g.node(
                "MaxPool",
                "pool1",
                new String[] {"r1"},
                "p1",
                OnnxExport.intsAttr("kernel_shape", 2, 2),
                OnnxExport.intsAttr("strides", 1, 1),
                OnnxExport.intsAttr("pads", 0, 0, 1, 1));
        g.node("Pad", "pad2", new String[] {"p1", "pads2"}, "q1");
        g.ints("pads2", 0, 0, 1, 0, 0, 0, 0, 2);
        g.node("Conv", "conv2", new String[] {"q1", "w2", "b2"}, "c2");
        g.weight("w2", 6, 8, 2, 2);
        g.weight("b2", 6);
        g.node("Relu", "act2", new String[] {"c2"}, "r2");
        // x.view(x.size(0), -1)
        g.node("Shape", "shape", new String[] {"r2"}, "s");
        g.node("Gather", "gather", new String[] {"s", "zero"}, "n", OnnxExport.intAttr("axis", 0));
        g.scalar("zero", 0);
        g.node("Unsqueeze", "unsq", new String[] {"n", "axes"}, "n1");
        g.ints("axes", 0);
        g.node("Concat", "cat", new String[] {"n1", "minus1"}, "target", OnnxExport.intAttr("axis", 0));
        g.ints("minus1", -1);
        g.node("Reshape", "view", new String[] {"r2", "target"}, "flat");
        g.node("MatMul", "fc", new String[] {"flat", "wf"}, "m");
        g.weight("wf", 6 * 5 * 7, 4);
        g.node("Add", "fc_bias", new String[] {"m", "bf"}, "logits");
        g.weight("bf", 4);
        byte[] model = g.build(4);

        ModelBundle imported = OnnxImport.read(model, OnnxMetadata.NONE, "other-exporter");
        assertTrue(imported.spec().layers().stream().anyMatch(l -> l.type() == LayerType.PAD));
        Tensor input = randomInput(5);
        float[] runtime = OnnxFixturesTest.onnxRuntime(model, "input", input);
        float[] engine = OnnxFixturesTest.outputs(imported, input);
        OnnxFixturesTest.assertClose(runtime, engine, "engine vs ONNX Runtime");

        byte[] exported = OnnxExport.toBytes(imported);
        OnnxFixturesTest.assertClose(
                runtime, OnnxFixturesTest.onnxRuntime(exported, "input", input), "re-export vs original");
        assertEquals(4, imported.spec().classes().size());
    }

    @Test
    void shouldRunATensorFlowStyleChannelsLastGraphAndExportItChannelsLast() throws Exception {
        Graph g = new Graph(13);
        g.node("Transpose", "to_nchw", new String[] {"input"}, "x", OnnxExport.intsAttr("perm", 0, 3, 1, 2));
        g.node(
                "Conv",
                "conv",
                new String[] {"x", "w1", "b1"},
                "c1",
                OnnxExport.intsAttr("strides", 2, 2),
                str("auto_pad", "SAME_UPPER"));
        g.weight("w1", 5, C, 3, 3);
        g.weight("b1", 5);
        g.node("Relu", "relu", new String[] {"c1"}, "r1");
        // Keras flattens (H, W, C): the dense layer's columns come in that order.
        g.node("Transpose", "to_nhwc", new String[] {"r1"}, "t1", OnnxExport.intsAttr("perm", 0, 2, 3, 1));
        g.node("Reshape", "flatten", new String[] {"t1", "flat_shape"}, "flat");
        g.ints("flat_shape", -1, 5 * 5 * 6);
        g.node("MatMul", "dense", new String[] {"flat", "wd"}, "m");
        g.weight("wd", 5 * 5 * 6, 4);
        g.node("Add", "dense_bias", new String[] {"m", "bd"}, "a");
        g.weight("bd", 4);
        g.node("Softmax", "softmax", new String[] {"a"}, "logits", OnnxExport.intAttr("axis", -1));
        byte[] model = g.buildChannelsLast(4);

        ModelBundle imported = OnnxImport.read(model, OnnxMetadata.NONE, "keras");
        assertEquals(java.util.List.of(C, H, W), imported.spec().inputShape());
        assertTrue(imported.spec().onnx().channelsLast());
        Tensor nchw = randomInput(3);
        Tensor nhwc = toChannelsLast(nchw);
        float[] runtime = OnnxFixturesTest.onnxRuntime(model, "input", nhwc);
        OnnxFixturesTest.assertClose(runtime, OnnxFixturesTest.outputs(imported, nchw), "engine vs ONNX Runtime");
        OnnxFixturesTest.assertClose(
                runtime,
                OnnxFixturesTest.onnxRuntime(OnnxExport.toBytes(imported), "input", nhwc),
                "channels-last re-export vs original");
    }

    @Test
    void shouldTakeAReduceMeanOverHeightAndWidthAsGlobalAveragePooling() throws Exception {
        Graph g = new Graph(13);
        g.node("Conv", "conv", new String[] {"input", "w1"}, "c1");
        g.weight("w1", 6, C, 3, 3);
        g.node(
                "ReduceMean",
                "gap",
                new String[] {"c1"},
                "p",
                OnnxExport.intsAttr("axes", 2, 3),
                OnnxExport.intAttr("keepdims", 0));
        g.node("Gemm", "fc", new String[] {"p", "wf", "bf"}, "logits", OnnxExport.intAttr("transB", 1));
        g.weight("wf", 4, 6);
        g.weight("bf", 4);
        byte[] model = g.build(4);

        ModelBundle imported = OnnxImport.read(model, OnnxMetadata.NONE, "gap");
        assertTrue(imported.spec().layers().stream().anyMatch(l -> l.type() == LayerType.GLOBALAVGPOOL));
        Tensor input = randomInput(2);
        OnnxFixturesTest.assertClose(
                OnnxFixturesTest.onnxRuntime(model, "input", input),
                OnnxFixturesTest.outputs(imported, input),
                "engine vs ONNX Runtime");
    }

    private static Tensor toChannelsLast(Tensor nchw) {
        int[] s = nchw.shape();
        float[] out = new float[nchw.data().length];
        for (int n = 0; n < s[0]; n++) {
            for (int c = 0; c < s[1]; c++) {
                for (int h = 0; h < s[2]; h++) {
                    for (int w = 0; w < s[3]; w++) {
                        out[((n * s[2] + h) * s[3] + w) * s[1] + c] =
                                nchw.data()[((n * s[1] + c) * s[2] + h) * s[3] + w];
                    }
                }
            }
        }
        return new Tensor("input", new int[] {s[0], s[2], s[3], s[1]}, out);
    }

    private static Tensor randomInput(int batch) {
        Random rnd = new Random(11);
        float[] x = new float[batch * C * H * W];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return new Tensor("input", new int[] {batch, C, H, W}, x);
    }

    private static AttributeProto str(String name, String v) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(v))
                .build();
    }

    /** A graph with input "input" (batch, C, H, W) and output "logits". */
    private static final class Graph {
        private final GraphProto.Builder g = GraphProto.newBuilder().setName("g");
        private final int opset;
        private final Random rnd = new Random(3);

        Graph(int opset) {
            this.opset = opset;
        }

        void node(String op, String name, String[] inputs, String output, AttributeProto... attrs) {
            NodeProto.Builder n =
                    NodeProto.newBuilder().setOpType(op).setName(name).addOutput(output);
            for (String in : inputs) {
                n.addInput(in);
            }
            for (AttributeProto a : attrs) {
                n.addAttribute(a);
            }
            g.addNode(n);
        }

        void weight(String name, long... dims) {
            TensorProto.Builder t =
                    TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
            long n = 1;
            for (long d : dims) {
                t.addDims(d);
                n *= d;
            }
            for (long i = 0; i < n; i++) {
                t.addFloatData((float) (rnd.nextGaussian() * 0.3));
            }
            g.addInitializer(t);
        }

        void ints(String name, long... values) {
            TensorProto.Builder t =
                    TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE);
            t.addDims(values.length);
            for (long v : values) {
                t.addInt64Data(v);
            }
            g.addInitializer(t);
        }

        void scalar(String name, long value) {
            g.addInitializer(TensorProto.newBuilder()
                    .setName(name)
                    .setDataType(TensorProto.DataType.INT64_VALUE)
                    .addInt64Data(value));
        }

        byte[] buildChannelsLast(int classes) {
            g.addInput(OnnxExport.valueInfo("input", H, W, C));
            return finish(classes);
        }

        byte[] build(int classes) {
            g.addInput(OnnxExport.valueInfo("input", C, H, W));
            return finish(classes);
        }

        private byte[] finish(int classes) {
            g.addOutput(OnnxExport.valueInfo("logits", classes));
            return ModelProto.newBuilder()
                    .setIrVersion(7)
                    .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(opset))
                    .setGraph(g)
                    .build()
                    .toByteArray();
        }
    }
}
