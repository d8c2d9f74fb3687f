package dev.pruneline.core.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import dev.pruneline.core.bundle.LayerSpec;
import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.bundle.OnnxInterface;
import dev.pruneline.core.bundle.ShapeInference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a bundle as an ONNX model that any runtime serves: the layers at their current (pruned)
 * widths, the release's input and output names and opset ({@link OnnxInterface}, or {@link
 * OnnxInterface#DEFAULT} for model.json releases), a dynamic batch axis, and a softmax at the end
 * where the release had one. The bytes depend only on the bundle (no time stamps or paths).
 */
public final class OnnxExport {
    private static final String PRODUCER = "pruneline";

    private OnnxExport() {}

    /** The model.onnx bytes of {@code bundle}. */
    public static byte[] toBytes(ModelBundle bundle) {
        return new Writer(bundle).model().toByteArray();
    }

    /** ONNX IR version that goes with a default-domain opset (the one PyTorch's exporter writes). */
    static int irVersion(int opset) {
        if (opset <= 11) {
            return 6;
        }
        if (opset <= 14) {
            return 7;
        }
        if (opset <= 18) {
            return 8;
        }
        return opset <= 20 ? 9 : 10;
    }

    private static final class Writer {
        private final ModelBundle bundle;
        private final ModelSpec spec;
        private final OnnxInterface io;
        private final GraphProto.Builder graph = GraphProto.newBuilder();
        /** ONNX value name of each layer's output. */
        private final Map<String, String> valueOf = new HashMap<>();

        Writer(ModelBundle bundle) {
            this.bundle = bundle;
            this.spec = bundle.spec();
            this.io = spec.onnx() == null ? OnnxInterface.DEFAULT : spec.onnx();
        }

        ModelProto model() {
            graph.setName(spec.name());
            int c = spec.inputShape().get(0);
            int h = spec.inputShape().get(1);
            int w = spec.inputShape().get(2);
            graph.addInput(io.channelsLast() ? valueInfo(io.inputName(), h, w, c) : valueInfo(io.inputName(), c, h, w));
            bundle.tensors().values().forEach(t -> graph.addInitializer(floats(t.name(), t.shape(), t.data())));
            List<LayerSpec> layers = spec.layers();
            String previous = io.inputName();
            if (io.channelsLast()) {
                previous = io.inputName() + ".nchw";
                node("Transpose", previous, List.of(io.inputName()), previous, intsAttr("perm", 0, 3, 1, 2));
            }
            for (int i = 0; i < layers.size(); i++) {
                LayerSpec l = layers.get(i);
                boolean last = i == layers.size() - 1;
                String out = last && !io.softmaxOutput() ? io.outputName() : l.name();
                List<String> in = l.inputs().isEmpty()
                        ? List.of(previous)
                        : l.inputs().stream().map(valueOf::get).toList();
                String produced = layer(l, in, out);
                valueOf.put(l.name(), produced);
                previous = produced;
            }
            if (io.softmaxOutput()) {
                node("Softmax", "softmax", List.of(previous), io.outputName(), intAttr("axis", 1));
            } else if (!previous.equals(io.outputName())) {
                node("Identity", "output", List.of(previous), io.outputName());
            }
            graph.addOutput(valueInfo(io.outputName(), spec.classes().size()));
            return ModelProto.newBuilder()
                    .setIrVersion(irVersion(io.opset()))
                    .setProducerName(PRODUCER)
                    .addOpsetImport(
                            OperatorSetIdProto.newBuilder().setDomain("").setVersion(io.opset()))
                    .setGraph(graph)
                    .build();
        }

        /** Emits the nodes of one layer; returns the name of the value holding its output. */
        private String layer(LayerSpec l, List<String> in, String out) {
            String n = l.name();
            switch (l.type()) {
                case CONV2D -> {
                    int[] k = l.pairAttr("kernel", null);
                    int[] s = l.pairAttr("stride", new int[] {1, 1});
                    int[] p = l.pairAttr("padding", new int[] {0, 0});
                    int[] d = l.pairAttr("dilation", new int[] {1, 1});
                    List<String> inputs = l.boolAttr("bias", true)
                            ? List.of(in.get(0), n + ".weight", n + ".bias")
                            : List.of(in.get(0), n + ".weight");
                    node(
                            "Conv",
                            n,
                            inputs,
                            out,
                            intsAttr("kernel_shape", k[0], k[1]),
                            intsAttr("strides", s[0], s[1]),
                            intsAttr("pads", p[0], p[1], p[0], p[1]),
                            intsAttr("dilations", d[0], d[1]),
                            intAttr("group", l.intAttr("groups", 1)));
                }
                case BATCHNORM ->
                    node(
                            "BatchNormalization",
                            n,
                            List.of(in.get(0), n + ".gamma", n + ".beta", n + ".running_mean", n + ".running_var"),
                            out,
                            floatAttr("epsilon", (float) l.doubleAttr("eps", 1e-5)),
                            floatAttr("momentum", (float) l.doubleAttr("momentum", 0.9)));
                case RELU -> node("Relu", n, in, out);
                case CLIP -> clip(l, in.get(0), out);
                case LEAKYRELU ->
                    node("LeakyRelu", n, in, out, floatAttr("alpha", (float) l.doubleAttr("alpha", 0.01)));
                case SIGMOID -> node("Sigmoid", n, in, out);
                case HARDSIGMOID ->
                    node(
                            "HardSigmoid",
                            n,
                            in,
                            out,
                            floatAttr("alpha", (float) l.doubleAttr("alpha", 0.2)),
                            floatAttr("beta", (float) l.doubleAttr("beta", 0.5)));
                case HARDSWISH -> {
                    if (io.opset() >= 14) {
                        node("HardSwish", n, in, out);
                    } else {
                        String gate = n + ".gate";
                        node("HardSigmoid", gate, in, gate, floatAttr("alpha", 1f / 6), floatAttr("beta", 0.5f));
                        node("Mul", n, List.of(in.get(0), gate), out);
                    }
                }
                case MAXPOOL, AVGPOOL -> {
                    int[] k = l.pairAttr("kernel", new int[] {2, 2});
                    int[] s = l.pairAttr("stride", k);
                    int[] p = l.pairAttr("padding", new int[] {0, 0});
                    AttributeProto[] common = {
                        intsAttr("kernel_shape", k[0], k[1]),
                        intsAttr("strides", s[0], s[1]),
                        intsAttr("pads", p[0], p[1], p[0], p[1]),
                        intAttr("ceil_mode", l.boolAttr("ceilMode", false) ? 1 : 0)
                    };
                    if (l.type() == LayerType.MAXPOOL) {
                        node("MaxPool", n, in, out, common);
                    } else {
                        AttributeProto[] attrs = java.util.Arrays.copyOf(common, common.length + 1);
                        attrs[common.length] =
                                intAttr("count_include_pad", l.boolAttr("countIncludePad", true) ? 1 : 0);
                        node("AveragePool", n, in, out, attrs);
                    }
                }
                case GLOBALAVGPOOL -> node("GlobalAveragePool", n, in, out);
                case FLATTEN -> node("Flatten", n, in, out, intAttr("axis", 1));
                case LINEAR -> {
                    List<String> inputs = l.boolAttr("bias", true)
                            ? List.of(in.get(0), n + ".weight", n + ".bias")
                            : List.of(in.get(0), n + ".weight");
                    node("Gemm", n, inputs, out, intAttr("transB", 1));
                }
                case DROPOUT -> {
                    // Inference graph: dropout is the identity.
                    if (!out.equals(n)) {
                        node("Identity", n, in, out);
                    } else {
                        return in.get(0);
                    }
                }
                case ADD, MUL -> {
                    String op = l.type() == LayerType.ADD ? "Add" : "Mul";
                    String acc = in.get(0);
                    for (int i = 1; i < in.size(); i++) {
                        String target = i == in.size() - 1 ? out : n + "." + i;
                        node(op, i == in.size() - 1 ? n : n + "." + i, List.of(acc, in.get(i)), target);
                        acc = target;
                    }
                }
                case CONCAT -> node("Concat", n, in, out, intAttr("axis", 1));
                case PAD -> pad(l, in.get(0), out);
            }
            return out;
        }

        private void clip(LayerSpec l, String in, String out) {
            float min = (float) l.doubleAttr("min", 0);
            float max = (float) l.doubleAttr("max", 6);
            if (io.opset() < 11) {
                node("Clip", l.name(), List.of(in), out, floatAttr("min", min), floatAttr("max", max));
                return;
            }
            String lo = l.name() + ".min";
            String hi = l.name() + ".max";
            graph.addInitializer(floats(lo, new int[0], new float[] {min}));
            graph.addInitializer(floats(hi, new int[0], new float[] {max}));
            node("Clip", l.name(), List.of(in, lo, hi), out);
        }

        private void pad(LayerSpec l, String in, String out) {
            int[] p = ShapeInference.pads(l);
            float value = (float) l.doubleAttr("value", 0);
            long[] pads = {0, 0, p[0], p[1], 0, 0, p[2], p[3]};
            if (io.opset() < 11) {
                node("Pad", l.name(), List.of(in), out, intsAttr("pads", pads), floatAttr("value", value));
                return;
            }
            String padsName = l.name() + ".pads";
            String valueName = l.name() + ".value";
            TensorProto.Builder t = TensorProto.newBuilder()
                    .setName(padsName)
                    .setDataType(TensorProto.DataType.INT64_VALUE)
                    .addDims(pads.length);
            for (long v : pads) {
                t.addInt64Data(v);
            }
            graph.addInitializer(t);
            graph.addInitializer(floats(valueName, new int[0], new float[] {value}));
            node("Pad", l.name(), List.of(in, padsName, valueName), out);
        }

        private void node(String op, String name, List<String> inputs, String output, AttributeProto... attrs) {
            NodeProto.Builder b = NodeProto.newBuilder()
                    .setOpType(op)
                    .setName(name)
                    .addAllInput(inputs)
                    .addOutput(output);
            for (AttributeProto a : attrs) {
                b.addAttribute(a);
            }
            graph.addNode(b);
        }
    }

    private static TensorProto floats(String name, int[] shape, float[] data) {
        ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(data);
        TensorProto.Builder t = TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(buf.array()));
        for (int d : shape) {
            t.addDims(d);
        }
        return t.build();
    }

    /** A float tensor value with a dynamic batch axis and the given fixed dimensions after it. */
    static ValueInfoProto valueInfo(String name, int... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        for (int d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder()
                                .setElemType(TensorProto.DataType.FLOAT_VALUE)
                                .setShape(shape)))
                .build();
    }

    static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(v)
                .build();
    }

    static AttributeProto floatAttr(String name, float v) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.FLOAT)
                .setF(v)
                .build();
    }

    static AttributeProto intsAttr(String name, long... v) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) {
            b.addInts(x);
        }
        return b.build();
    }
}
