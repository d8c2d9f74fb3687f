package dev.pruneline.core.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.pruneline.core.bundle.BundleException;
import dev.pruneline.core.bundle.LayerShapes;
import dev.pruneline.core.bundle.LayerSpec;
import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.ModelJson;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.bundle.Normalization;
import dev.pruneline.core.bundle.OnnxInterface;
import dev.pruneline.core.bundle.ShapeInference;
import dev.pruneline.core.bundle.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Reads an ONNX image classifier into the engine's graph and weights. The graph is translated node
 * by node into model.json layers (batch norm, activations, pooling, channel concat and gating
 * included); every parameter becomes a named tensor; a trailing softmax is remembered in the
 * {@link OnnxInterface} rather than trained through; shape arithmetic ({@code Shape}, {@code Gather},
 * {@code Unsqueeze}, {@code Concat} of integers) is evaluated when it feeds a {@code Reshape}. Anything
 * outside {@link #SUPPORTED} (an
 * operator, an attribute value, a computed shape) is refused with the node's name and op type, and
 * every size in the file is checked against the bytes it actually holds before memory is
 * allocated for it.
 */
public final class OnnxImport {
    /** The operators a release may use. */
    public static final List<String> SUPPORTED = List.of(
            "Conv",
            "BatchNormalization",
            "Relu",
            "Clip",
            "LeakyRelu",
            "Sigmoid",
            "HardSigmoid",
            "HardSwish",
            "Mul",
            "Add",
            "MaxPool",
            "AveragePool",
            "GlobalAveragePool",
            "Pad",
            "Flatten",
            "Reshape",
            "Gemm",
            "MatMul",
            "Concat",
            "Dropout",
            "Identity",
            "Constant",
            "Softmax",
            "Shape",
            "Gather",
            "Unsqueeze",
            "Squeeze",
            "Cast",
            "Transpose",
            "ReduceMean");

    /** Oldest and newest default-domain opsets read. */
    public static final int MIN_OPSET = 9;

    public static final int MAX_OPSET = 21;
    /** Largest tensor accepted, in elements (1 GiB of float32). */
    public static final long MAX_TENSOR_ELEMENTS = 1L << 28;

    private static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    /** The batch size inside a computed shape. */
    private static final long BATCH = Long.MIN_VALUE;

    private static final int INT64 = TensorProto.DataType.INT64_VALUE;
    private static final int INT32 = TensorProto.DataType.INT32_VALUE;

    private OnnxImport() {}

    /**
     * Parses and translates an ONNX model.
     *
     * @param bytes the model.onnx content
     * @param metadata classes, normalisation and data set name from pruneline.json, or {@link
     *     OnnxMetadata#NONE}
     * @param modelName the model's name when the file does not give one
     * @throws BundleException naming the node, tensor or field at fault
     */
    public static ModelBundle read(byte[] bytes, OnnxMetadata metadata, String modelName) {
        ModelProto model = parse(bytes);
        int opset = opset(model);
        return new Translation(model.getGraph(), opset, metadata, modelName).run();
    }

    private static ModelProto parse(byte[] bytes) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setSizeLimit(Integer.MAX_VALUE);
            ModelProto m = ModelProto.parseFrom(in);
            if (!m.hasGraph() || m.getGraph().getNodeCount() == 0) {
                throw new BundleException("model.onnx holds no graph (is it an ONNX model?)");
            }
            return m;
        } catch (InvalidProtocolBufferException e) {
            throw new BundleException(
                    "model.onnx is not a readable ONNX model (truncated or corrupt protobuf): " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new BundleException("model.onnx cannot be read: " + e.getMessage(), e);
        }
    }

    private static int opset(ModelProto model) {
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                long v = o.getVersion();
                if (v < MIN_OPSET || v > MAX_OPSET) {
                    throw new BundleException("model.onnx uses opset " + v + "; supported: " + MIN_OPSET + " to "
                            + MAX_OPSET + " (re-export with opset_version in that range)");
                }
                return (int) v;
            }
        }
        throw new BundleException("model.onnx imports no default-domain opset");
    }

    /** One translation of a graph into layers. */
    private static final class Translation {
        private final GraphProto graph;
        private final int opset;
        private final OnnxMetadata metadata;
        private final String modelName;
        /** Constant tensors by ONNX name (initializers and Constant nodes), read lazily. */
        private final Map<String, TensorProto> constants = new HashMap<>();
        /** For each ONNX value computed by the graph: the layer whose output it is (null: the graph input). */
        private final Map<String, String> producer = new HashMap<>();
        /**
         * Zero padding {@code [top, left, bottom, right]} a Pad node put on a value, waiting for its
         * reader: a Conv or AveragePool takes equal padding into its own, anything else reads a
         * {@code pad} layer made for it.
         */
        private final Map<String, int[]> pendingPad = new HashMap<>();
        /** The value each pending pad applies to. */
        private final Map<String, String> padSource = new HashMap<>();

        /**
         * Integer vectors the graph computes from shapes ({@code Shape}, {@code Gather},
         * {@code Unsqueeze}, {@code Concat}, {@code Cast}): how exporters spell {@code x.view(x.size(0), -1)}.
         * {@link #BATCH} stands for the batch size, unknown until run time.
         */
        private final Map<String, long[]> shapeValues = new HashMap<>();

        private final List<LayerSpec> layers = new ArrayList<>();
        /** Every layer's shapes, walked again each time a layer is added (a bias fold keeps them). */
        private List<LayerShapes> shapes = List.of();

        private final Map<String, Tensor> tensors = new LinkedHashMap<>();
        private final Set<String> layerNames = new HashSet<>();
        private final String inputName;
        private final List<Integer> inputShape;
        /** Whether the graph input is (batch, height, width, channels), turned by a Transpose before use. */
        private final boolean channelsLast;
        /** Values that hold a (C, H, W) output transposed to (H, W, C), as TensorFlow's exports flatten it. */
        private final Set<String> hwc = new HashSet<>();
        /** Flattened values whose features are in (H, W, C) order, with the (C, H, W) shape flattened. */
        private final Map<String, int[]> hwcFlat = new HashMap<>();

        private boolean softmax;

        Translation(GraphProto graph, int opset, OnnxMetadata metadata, String modelName) {
            this.graph = graph;
            this.opset = opset;
            this.metadata = metadata;
            this.modelName = modelName;
            graph.getInitializerList().forEach(t -> constants.put(t.getName(), t));
            if (graph.getSparseInitializerCount() > 0) {
                throw new BundleException("model.onnx holds sparse initializers; export dense weights");
            }
            List<ValueInfoProto> inputs = graph.getInputList().stream()
                    .filter(v -> !constants.containsKey(v.getName()))
                    .toList();
            if (inputs.size() != 1) {
                throw new BundleException("model.onnx must have exactly one graph input (an image batch), found "
                        + inputs.stream().map(ValueInfoProto::getName).toList());
            }
            this.inputName = inputs.get(0).getName();
            List<Integer> dims = imageShape(inputs.get(0));
            this.channelsLast = readsChannelsLast(inputName);
            this.inputShape = channelsLast ? List.of(dims.get(2), dims.get(0), dims.get(1)) : dims;
            producer.put(inputName, null);
        }

        ModelBundle run() {
            if (graph.getOutputCount() != 1) {
                throw new BundleException("model.onnx must have exactly one graph output (the class scores), found "
                        + graph.getOutputList().stream()
                                .map(ValueInfoProto::getName)
                                .toList());
            }
            String outputName = graph.getOutput(0).getName();
            for (NodeProto node : graph.getNodeList()) {
                if (softmax) {
                    throw refused(node, "nothing may follow the output Softmax");
                }
                translate(node, outputName);
            }
            String last =
                    layers.isEmpty() ? null : layers.get(layers.size() - 1).name();
            if (!producer.containsKey(outputName) || last == null || !last.equals(producer.get(outputName))) {
                throw new BundleException("model.onnx: the graph output '" + outputName
                        + "' must be computed by the last node of the graph");
            }
            int[] out = shapes.get(shapes.size() - 1).output();
            if (out.length != 1 || out[0] < 2) {
                throw new BundleException("model.onnx: the graph output '" + outputName + "' has shape (batch, "
                        + Arrays.stream(out).mapToObj(Integer::toString).collect(Collectors.joining(", "))
                        + "); an image classifier outputs (batch, classes) with at least two classes");
            }
            List<String> classes = metadata.classes();
            if (classes == null) {
                classes = IntStream.range(0, out[0]).mapToObj(Integer::toString).toList();
            } else if (classes.size() != out[0]) {
                throw new BundleException("pruneline.json lists " + classes.size() + " classes but model.onnx outputs "
                        + out[0] + " scores");
            }
            Normalization norm = metadata.normalization();
            if (norm == null) {
                List<Double> zeros = Collections.nCopies(inputShape.get(0), 0.0);
                List<Double> ones = Collections.nCopies(inputShape.get(0), 1.0);
                norm = new Normalization(zeros, ones);
            } else if (norm.mean().size() != 1 && norm.mean().size() != inputShape.get(0)) {
                throw new BundleException(
                        "pruneline.json: normalization has " + norm.mean().size()
                                + " values per list but the model input has " + inputShape.get(0) + " channels");
            }
            String name = modelName != null ? modelName : graph.getName().isBlank() ? "model" : graph.getName();
            ModelSpec spec = new ModelSpec(
                    ModelJson.SCHEMA_VERSION,
                    name,
                    null,
                    inputShape,
                    classes,
                    norm,
                    metadata.dataset(),
                    layers,
                    Map.of(),
                    Map.of("source_format", "onnx"),
                    new OnnxInterface(inputName, outputName, opset, softmax, channelsLast));
            return new ModelBundle(spec, tensors);
        }

        private void translate(NodeProto node, String outputName) {
            switch (node.getOpType()) {
                case "Constant" -> constant(node);
                case "Identity" -> alias(node, input(node, 0));
                case "Conv" -> conv(node);
                case "BatchNormalization" -> batchNorm(node);
                case "Relu" -> layer(node, LayerType.RELU, Map.of(), graphInput(node, 0));
                case "Clip" -> clip(node);
                case "LeakyRelu" ->
                    layer(
                            node,
                            LayerType.LEAKYRELU,
                            Map.of("alpha", floatAttr(node, "alpha", 0.01f)),
                            graphInput(node, 0));
                case "Sigmoid" -> layer(node, LayerType.SIGMOID, Map.of(), graphInput(node, 0));
                case "HardSigmoid" ->
                    layer(
                            node,
                            LayerType.HARDSIGMOID,
                            Map.of("alpha", floatAttr(node, "alpha", 0.2f), "beta", floatAttr(node, "beta", 0.5f)),
                            graphInput(node, 0));
                case "HardSwish" -> layer(node, LayerType.HARDSWISH, Map.of(), graphInput(node, 0));
                case "Mul" -> merge(node, LayerType.MUL);
                case "Add" -> add(node);
                case "Concat" -> {
                    if (node.getInputList().stream().anyMatch(shapeValues::containsKey)) {
                        shapeConcat(node);
                    } else {
                        concat(node);
                    }
                }
                case "Shape" -> shapeOfNode(node);
                case "Gather" -> gather(node);
                case "Unsqueeze", "Squeeze", "Cast" -> shapePassThrough(node);
                case "MaxPool", "AveragePool" -> pool(node);
                case "GlobalAveragePool" -> layer(node, LayerType.GLOBALAVGPOOL, Map.of(), graphInput(node, 0));
                case "Pad" -> pad(node);
                case "Flatten" -> flatten(node);
                case "Transpose" -> transpose(node);
                case "ReduceMean" -> reduceMean(node);
                case "Reshape" -> reshape(node);
                case "Gemm" -> gemm(node);
                case "MatMul" -> matMul(node);
                case "Dropout" -> dropout(node);
                case "Softmax" -> softmax(node, outputName);
                default ->
                    throw refused(
                            node,
                            "operator " + node.getOpType() + " is not supported (supported: "
                                    + String.join(", ", SUPPORTED) + ")");
            }
        }

        // ---- nodes ----

        private void constant(NodeProto node) {
            for (AttributeProto a : node.getAttributeList()) {
                if (a.getName().equals("value")) {
                    constants.put(node.getOutput(0), a.getT());
                    return;
                }
                if (a.getName().equals("value_float")) {
                    constants.put(node.getOutput(0), scalar(a.getF()));
                    return;
                }
                if (a.getName().equals("value_ints")) {
                    constants.put(
                            node.getOutput(0),
                            TensorProto.newBuilder()
                                    .setDataType(INT64)
                                    .addDims(a.getIntsCount())
                                    .addAllInt64Data(a.getIntsList())
                                    .build());
                    return;
                }
            }
            throw refused(node, "only Constant nodes with a 'value', 'value_float' or 'value_ints' are supported");
        }

        private void alias(NodeProto node, String from) {
            if (constants.containsKey(from)) {
                constants.put(node.getOutput(0), constants.get(from));
            } else {
                producer.put(node.getOutput(0), producer.get(from));
                if (hwcFlat.containsKey(from)) {
                    hwcFlat.put(node.getOutput(0), hwcFlat.get(from));
                }
                if (pendingPad.containsKey(from)) {
                    pendingPad.put(node.getOutput(0), pendingPad.get(from));
                    padSource.put(node.getOutput(0), padSource.get(from));
                }
            }
        }

        private void conv(NodeProto node) {
            String x = graphInput(node, 0);
            TensorProto w = constant(node, 1, "weight");
            if (w.getDimsCount() != 4) {
                throw refused(node, "only 2-d convolutions are supported (weight " + dims(w) + ")");
            }
            int[] kernel = pair(node, "kernel_shape", new int[] {(int) w.getDims(2), (int) w.getDims(3)});
            int[] stride = pair(node, "strides", new int[] {1, 1});
            int[] dilation = pair(node, "dilations", new int[] {1, 1});
            int[] pads =
                    add(pads(node, x, kernel, stride, dilation), pendingPad.containsKey(x) ? takePending(x) : null);
            if (!symmetric(pads)) {
                x = padLayer(node, x, pads, 0f);
                pads = new int[4];
            } else {
                x = unpadded(x);
            }
            int[] pad = {pads[0], pads[1]};
            int groups = (int) intAttr(node, "group", 1);
            boolean bias = node.getInputCount() > 2 && !node.getInput(2).isEmpty();
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("outChannels", (int) w.getDims(0));
            attrs.put("kernel", List.of(kernel[0], kernel[1]));
            attrs.put("stride", List.of(stride[0], stride[1]));
            attrs.put("padding", List.of(pad[0], pad[1]));
            if (dilation[0] != 1 || dilation[1] != 1) {
                attrs.put("dilation", List.of(dilation[0], dilation[1]));
            }
            if (groups != 1) {
                attrs.put("groups", groups);
            }
            attrs.put("bias", bias);
            String name = layer(node, LayerType.CONV2D, attrs, x);
            put(name + ".weight", w, node);
            if (bias) {
                put(name + ".bias", constant(node, 2, "bias"), node);
            }
        }

        private void batchNorm(NodeProto node) {
            if (intAttr(node, "training_mode", 0) != 0 && node.getOutputCount() > 1) {
                for (String extra : node.getOutputList().subList(1, node.getOutputCount())) {
                    if (!extra.isEmpty() && readers(extra) > 0) {
                        throw refused(
                                node,
                                "batch statistics computed in training mode are not supported; export"
                                        + " in eval mode (the model's training stays pruneline's job)");
                    }
                }
            }
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("eps", (double) floatAttr(node, "epsilon", 1e-5f));
            attrs.put("momentum", (double) floatAttr(node, "momentum", 0.9f));
            String name = layer(node, LayerType.BATCHNORM, attrs, graphInput(node, 0));
            put(name + ".gamma", constant(node, 1, "scale"), node);
            put(name + ".beta", constant(node, 2, "B"), node);
            put(name + ".running_mean", constant(node, 3, "mean"), node);
            put(name + ".running_var", constant(node, 4, "var"), node);
        }

        private void clip(NodeProto node) {
            float min;
            float max;
            if (opset < 11) {
                min = floatAttr(node, "min", -Float.MAX_VALUE);
                max = floatAttr(node, "max", Float.MAX_VALUE);
            } else {
                min = optionalScalar(node, 1, -Float.MAX_VALUE);
                max = optionalScalar(node, 2, Float.MAX_VALUE);
            }
            layer(node, LayerType.CLIP, Map.of("min", (double) min, "max", (double) max), graphInput(node, 0));
        }

        private void merge(NodeProto node, LayerType type) {
            if (node.getInputCount() != 2) {
                throw refused(node, type.jsonName() + " of " + node.getInputCount() + " inputs is not supported");
            }
            String a = graphInput(node, 0);
            String b = graphInput(node, 1);
            layer(node, type, Map.of(), a, b);
        }

        private void add(NodeProto node) {
            if (node.getInputCount() == 2 && constants.containsKey(node.getInput(1))) {
                biasAdd(node, node.getInput(0), node.getInput(1));
            } else if (node.getInputCount() == 2 && constants.containsKey(node.getInput(0))) {
                biasAdd(node, node.getInput(1), node.getInput(0));
            } else {
                merge(node, LayerType.ADD);
            }
        }

        /** {@code MatMul} then {@code Add} of a constant vector: the bias of that linear layer. */
        private void biasAdd(NodeProto node, String value, String constant) {
            String layerName = producer.get(value);
            int index = layerIndex(layerName);
            LayerSpec layer = index < 0 ? null : layers.get(index);
            boolean conv = layer != null && layer.type() == LayerType.CONV2D;
            if (layer == null
                    || index != layers.size() - 1
                    || !(conv || layer.type() == LayerType.LINEAR)
                    || readers(value) != 1) {
                throw refused(
                        node,
                        "an Add of a constant is supported only as the bias of the Conv, Gemm or"
                                + " MatMul right before it");
            }
            TensorProto b = constants.get(constant);
            int out = layer.intAttr(conv ? "outChannels" : "outFeatures");
            List<Long> d = b.getDimsList();
            boolean perChannel = elements(b, node) == out
                    && (d.size() <= 1
                            || (conv && d.size() == 3 && d.get(1) == 1 && d.get(2) == 1)
                            || (conv && d.size() == 4 && d.get(0) == 1 && d.get(2) == 1 && d.get(3) == 1)
                            || (!conv && d.size() == 2 && d.get(0) == 1));
            if (!perChannel) {
                throw refused(
                        node,
                        "constant " + dims(b) + " is not one value per output (" + out + ") of '" + layer.name() + "'");
            }
            String biasName = layer.name() + ".bias";
            float[] bias = floats(b, node);
            Tensor current = tensors.get(biasName);
            if (current != null) {
                for (int i = 0; i < out; i++) {
                    bias[i] += current.data()[i];
                }
            }
            Map<String, Object> attrs = new LinkedHashMap<>(layer.attributes());
            attrs.put("bias", true);
            layers.set(index, new LayerSpec(layer.name(), layer.type(), attrs, layer.inputs()));
            tensors.put(biasName, new Tensor(biasName, new int[] {out}, bias));
            producer.put(node.getOutput(0), layer.name());
        }

        /** How many nodes (or graph outputs) read {@code value}. */
        private long readers(String value) {
            return graph.getNodeList().stream()
                            .filter(n -> n.getInputList().contains(value))
                            .count()
                    + graph.getOutputList().stream()
                            .filter(o -> o.getName().equals(value))
                            .count();
        }

        private void shapeOfNode(NodeProto node) {
            int[] s = shapeOf(graphInput(node, 0));
            long[] dims = new long[s.length + 1];
            dims[0] = BATCH;
            for (int i = 0; i < s.length; i++) {
                dims[i + 1] = s[i];
            }
            if (attr(node, "start") != null || attr(node, "end") != null) {
                throw refused(node, "Shape with start or end is not supported");
            }
            shapeValues.put(node.getOutput(0), dims);
        }

        private void gather(NodeProto node) {
            long[] data = shapeValues.get(input(node, 0));
            if (data == null || intAttr(node, "axis", 0) != 0) {
                throw refused(node, "Gather is supported only on a computed shape (as in x.view(x.size(0), -1))");
            }
            long[] idx = integers(node, 1);
            long[] out = new long[idx.length];
            for (int i = 0; i < idx.length; i++) {
                long k = idx[i] < 0 ? idx[i] + data.length : idx[i];
                if (k < 0 || k >= data.length) {
                    throw refused(node, "index " + idx[i] + " outside a shape of " + data.length + " dimensions");
                }
                out[i] = data[(int) k];
            }
            shapeValues.put(node.getOutput(0), out);
        }

        /** Unsqueeze, Squeeze and Cast of a computed shape keep its values (a scalar and a 1-vector alike). */
        private void shapePassThrough(NodeProto node) {
            long[] data = shapeValues.get(input(node, 0));
            if (data == null) {
                throw refused(node, node.getOpType() + " is supported only on a computed shape");
            }
            shapeValues.put(node.getOutput(0), data);
        }

        private void shapeConcat(NodeProto node) {
            List<Long> out = new ArrayList<>();
            for (int i = 0; i < node.getInputCount(); i++) {
                for (long v : integers(node, i)) {
                    out.add(v);
                }
            }
            shapeValues.put(
                    node.getOutput(0), out.stream().mapToLong(Long::longValue).toArray());
        }

        /** Input {@code i} as integers: a computed shape or an integer constant. */
        private long[] integers(NodeProto node, int i) {
            String in = input(node, i);
            long[] computed = shapeValues.get(in);
            return computed != null ? computed : longs(constant(node, i, "integers"), node);
        }

        private void concat(NodeProto node) {
            long axis = intAttr(node, "axis", 1);
            if (axis != 1 && axis != -3) {
                throw refused(node, "Concat is supported on the channel axis (1), not axis " + axis);
            }
            List<String> ins = new ArrayList<>();
            for (int i = 0; i < node.getInputCount(); i++) {
                ins.add(graphInput(node, i));
            }
            if (ins.size() == 1) {
                alias(node, node.getInput(0));
                return;
            }
            layer(node, LayerType.CONCAT, Map.of(), ins.toArray(String[]::new));
        }

        private void pool(NodeProto node) {
            boolean max = node.getOpType().equals("MaxPool");
            if (max && node.getOutputCount() > 1 && !node.getOutput(1).isEmpty() && readers(node.getOutput(1)) > 0) {
                throw refused(node, "MaxPool indices are not supported");
            }
            int[] dil = pair(node, "dilations", new int[] {1, 1});
            if (dil[0] != 1 || dil[1] != 1) {
                throw refused(node, "dilated pooling is not supported");
            }
            int[] kernel = pair(node, "kernel_shape", null);
            int[] stride = pair(node, "strides", new int[] {1, 1});
            boolean countIncludePad = intAttr(node, "count_include_pad", 0) != 0;
            String x = graphInput(node, 0);
            int[] own = pads(node, x, kernel, stride, new int[] {1, 1});
            int[] extra = !max && pendingPad.containsKey(x) ? takePending(x) : null;
            if (extra != null && !countIncludePad && !isZero(own)) {
                // The Pad's zeros count in the average, the pool's own padding would not.
                x = padLayer(node, x, extra, 0f);
                extra = null;
            } else if (extra != null) {
                countIncludePad = true;
            }
            int[] pads = add(own, extra);
            if (!symmetric(pads)) {
                if (!max && !countIncludePad) {
                    throw refused(node, "unequal padding that does not count in the average is not supported");
                }
                // Max pooling ignores its padding: pad with the lowest float instead.
                x = padLayer(node, x, pads, max ? -Float.MAX_VALUE : 0f);
                pads = new int[4];
            } else if (extra != null) {
                x = unpadded(x);
            }
            int[] pad = {pads[0], pads[1]};
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("kernel", List.of(kernel[0], kernel[1]));
            attrs.put("stride", List.of(stride[0], stride[1]));
            attrs.put("padding", List.of(pad[0], pad[1]));
            if (intAttr(node, "ceil_mode", 0) != 0) {
                attrs.put("ceilMode", true);
            }
            if (!max) {
                attrs.put("countIncludePad", countIncludePad);
            }
            layer(node, max ? LayerType.MAXPOOL : LayerType.AVGPOOL, attrs, x);
        }

        private void pad(NodeProto node) {
            String mode = stringAttr(node, "mode", "constant");
            if (!mode.equals("constant")) {
                throw refused(node, "Pad mode '" + mode + "' is not supported (only constant padding)");
            }
            long[] pads;
            float value;
            if (opset < 11) {
                pads = node.getAttributeList().stream()
                        .filter(a -> a.getName().equals("pads"))
                        .findFirst()
                        .map(a -> a.getIntsList().stream()
                                .mapToLong(Long::longValue)
                                .toArray())
                        .orElseThrow(() -> refused(node, "Pad without 'pads'"));
                value = floatAttr(node, "value", 0f);
            } else {
                pads = longs(constant(node, 1, "pads"), node);
                value = optionalScalar(node, 2, 0f);
            }
            if (node.getInputCount() > 3 && !node.getInput(3).isEmpty()) {
                throw refused(node, "Pad with 'axes' is not supported");
            }
            if (pads.length != 8
                    || pads[0] != 0
                    || pads[1] != 0
                    || pads[4] != 0
                    || pads[5] != 0
                    || Arrays.stream(pads).anyMatch(v -> v < 0)) {
                throw refused(
                        node, "only padding of height and width by >= 0 is supported, got " + Arrays.toString(pads));
            }
            String x = graphInput(node, 0);
            int[] spatial = {(int) pads[2], (int) pads[3], (int) pads[6], (int) pads[7]};
            if (value != 0f) {
                Map<String, Object> attrs = new LinkedHashMap<>();
                attrs.put("pads", List.of(spatial[0], spatial[1], spatial[2], spatial[3]));
                attrs.put("value", (double) value);
                layer(node, LayerType.PAD, attrs, x);
                return;
            }
            alias(node, x);
            if (!isZero(spatial)) {
                pendingPad.put(node.getOutput(0), add(spatial, pendingPad.get(x)));
                padSource.put(node.getOutput(0), padSource.getOrDefault(x, x));
            }
        }

        /** Whether the only reader of the graph input is a Transpose from (N, H, W, C) to (N, C, H, W). */
        private boolean readsChannelsLast(String input) {
            List<NodeProto> readers = graph.getNodeList().stream()
                    .filter(n -> n.getInputList().contains(input))
                    .toList();
            return readers.size() == 1
                    && readers.get(0).getOpType().equals("Transpose")
                    && Arrays.equals(perm(readers.get(0)), new long[] {0, 3, 1, 2});
        }

        private static long[] perm(NodeProto node) {
            AttributeProto a = attr(node, "perm");
            return a == null
                    ? new long[0]
                    : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
        }

        /**
         * Transposes between channel layouts: of a channels-last graph input into the engine's layout,
         * and of a (C, H, W) value into (H, W, C) on its way to a flatten (undone by the inverse).
         */
        private void transpose(NodeProto node) {
            long[] perm = perm(node);
            String x = input(node, 0);
            if (x.equals(inputName) && channelsLast) {
                alias(node, x);
            } else if (Arrays.equals(perm, new long[] {0, 2, 3, 1})
                    && !hwc.contains(x)
                    && shapeOf(graphInput(node, 0)).length == 3) {
                alias(node, x);
                hwc.add(node.getOutput(0));
            } else if (Arrays.equals(perm, new long[] {0, 3, 1, 2}) && hwc.contains(x)) {
                alias(node, x);
            } else {
                throw refused(
                        node,
                        "Transpose " + Arrays.toString(perm) + " is supported only from a channels-last"
                                + " graph input and from (C, H, W) to (H, W, C) before a flatten");
            }
        }

        /** ReduceMean over height and width: global average pooling (flattened unless the dims are kept). */
        private void reduceMean(NodeProto node) {
            String x = graphInput(node, 0);
            long[] axes = attr(node, "axes") != null
                    ? attr(node, "axes").getIntsList().stream()
                            .mapToLong(Long::longValue)
                            .toArray()
                    : node.getInputCount() > 1 ? integers(node, 1) : new long[0];
            long[] spatial = hwc.contains(x) ? new long[] {1, 2} : new long[] {2, 3};
            long[] normal =
                    Arrays.stream(axes).map(a -> a < 0 ? a + 4 : a).sorted().toArray();
            if (!Arrays.equals(normal, spatial) || shapeOf(x).length != 3) {
                throw refused(node, "ReduceMean is supported over height and width only (global average pooling)");
            }
            boolean keep = intAttr(node, "keepdims", 1) != 0;
            NodeProto pooled = node.toBuilder()
                    .setOutput(0, node.getOutput(0) + (keep ? "" : "#pooled"))
                    .build();
            layer(pooled, LayerType.GLOBALAVGPOOL, Map.of(), x);
            if (keep) {
                if (hwc.contains(x)) {
                    hwc.add(node.getOutput(0));
                }
                return;
            }
            NodeProto flat = node.toBuilder()
                    .setName(node.getName() + "/flatten")
                    .setInput(0, pooled.getOutput(0))
                    .build();
            layer(flat, LayerType.FLATTEN, Map.of(), pooled.getOutput(0));
        }

        private void flatten(NodeProto node) {
            long axis = intAttr(node, "axis", 1);
            if (axis != 1) {
                throw refused(node, "Flatten is supported with axis 1 (keep the batch), not " + axis);
            }
            String x = graphInput(node, 0);
            if (shapeOf(x).length == 1) {
                alias(node, node.getInput(0));
            } else {
                flattenLayer(node, x);
            }
        }

        /** A flatten of {@code x}; of a (H, W, C) view, remembering that the features come in that order. */
        private void flattenLayer(NodeProto node, String x) {
            boolean channelsLastView = hwc.contains(x);
            layer(node, LayerType.FLATTEN, Map.of(), x);
            if (channelsLastView) {
                hwcFlat.put(node.getOutput(0), shapeOf(x));
            }
        }

        private void reshape(NodeProto node) {
            String x = graphInput(node, 0);
            long[] target = integers(node, 1).clone();
            if (target.length > 0 && target[0] == BATCH) {
                target[0] = 0; // the batch stays
            }
            int[] in = shapeOf(x);
            long features = Tensor.elementCount(in);
            boolean flat = target.length == 2
                    && (target[0] == -1 || target[0] == 0)
                    && (target[1] == -1 || target[1] == features)
                    && !(target[0] == -1 && target[1] == -1);
            if (!flat) {
                throw refused(
                        node,
                        "Reshape to " + Arrays.toString(target) + " is not supported; only flattening a ("
                                + Arrays.stream(in).mapToObj(Integer::toString).collect(Collectors.joining(", "))
                                + ") input to (batch, " + features + ") is");
            }
            if (in.length == 1) {
                alias(node, x);
            } else {
                flattenLayer(node, x);
            }
        }

        private void gemm(NodeProto node) {
            if (intAttr(node, "transA", 0) != 0) {
                throw refused(node, "Gemm with transA is not supported");
            }
            String x = graphInput(node, 0);
            requireFlat(node, x);
            TensorProto b = constant(node, 1, "B");
            if (b.getDimsCount() != 2) {
                throw refused(node, "Gemm weight must be 2-d, got " + dims(b));
            }
            boolean transB = intAttr(node, "transB", 0) != 0;
            float alpha = floatAttr(node, "alpha", 1f);
            float beta = floatAttr(node, "beta", 1f);
            int out = (int) (transB ? b.getDims(0) : b.getDims(1));
            int in = (int) (transB ? b.getDims(1) : b.getDims(0));
            boolean bias = node.getInputCount() > 2 && !node.getInput(2).isEmpty();
            String name = linear(node, x, out, bias);
            float[] w = floats(b, node);
            float[] weight = chwColumns(x, transB ? w : transpose(w, in, out), out);
            scale(weight, alpha);
            tensors.put(name + ".weight", new Tensor(name + ".weight", new int[] {out, in}, weight));
            if (bias) {
                TensorProto c = constant(node, 2, "C");
                if (elements(c, node) != out) {
                    throw refused(
                            node,
                            "Gemm bias " + dims(c) + " must hold one value per output (" + out
                                    + "); broadcast biases are not supported");
                }
                float[] bv = floats(c, node);
                scale(bv, beta);
                tensors.put(name + ".bias", new Tensor(name + ".bias", new int[] {out}, bv));
            }
        }

        private void matMul(NodeProto node) {
            String x = graphInput(node, 0);
            requireFlat(node, x);
            TensorProto b = constant(node, 1, "weight");
            if (b.getDimsCount() != 2) {
                throw refused(node, "MatMul weight must be 2-d, got " + dims(b));
            }
            int in = (int) b.getDims(0);
            int out = (int) b.getDims(1);
            String name = linear(node, x, out, false);
            tensors.put(
                    name + ".weight",
                    new Tensor(
                            name + ".weight",
                            new int[] {out, in},
                            chwColumns(x, transpose(floats(b, node), in, out), out)));
        }

        /**
         * {@code weight} (out, features) reading the engine's (C, H, W) flatten where the graph flattened
         * {@code x} in (H, W, C) order; unchanged otherwise.
         */
        private float[] chwColumns(String x, float[] weight, int out) {
            int[] chw = hwcFlat.get(x);
            if (chw == null) {
                return weight;
            }
            int c = chw[0];
            int h = chw[1];
            int w = chw[2];
            int features = c * h * w;
            float[] result = new float[weight.length];
            for (int o = 0; o < out; o++) {
                for (int ci = 0; ci < c; ci++) {
                    for (int hi = 0; hi < h; hi++) {
                        for (int wi = 0; wi < w; wi++) {
                            result[o * features + (ci * h + hi) * w + wi] =
                                    weight[o * features + (hi * w + wi) * c + ci];
                        }
                    }
                }
            }
            return result;
        }

        private String linear(NodeProto node, String x, int out, boolean bias) {
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("outFeatures", out);
            attrs.put("bias", bias);
            return layer(node, LayerType.LINEAR, attrs, x);
        }

        private void dropout(NodeProto node) {
            float ratio = opset < 12 ? floatAttr(node, "ratio", 0.5f) : optionalScalar(node, 1, 0.5f);
            if (node.getOutputCount() > 1 && !node.getOutput(1).isEmpty() && readers(node.getOutput(1)) > 0) {
                throw refused(node, "Dropout masks are not supported");
            }
            layer(node, LayerType.DROPOUT, Map.of("rate", (double) ratio), graphInput(node, 0));
        }

        private void softmax(NodeProto node, String outputName) {
            if (!node.getOutput(0).equals(outputName)) {
                throw refused(node, "Softmax is supported only as the last node, computing the graph output");
            }
            String x = graphInput(node, 0);
            long axis = intAttr(node, "axis", opset < 13 ? 1 : -1);
            if (shapeOf(x).length != 1 || (axis != 1 && axis != -1)) {
                throw refused(node, "Softmax is supported over the class scores of a (batch, classes) output");
            }
            alias(node, x);
            softmax = true;
        }

        // ---- helpers ----

        /** Adds a layer reading {@code inputs} (graph values) and registers the node's first output. */
        private String layer(NodeProto node, LayerType type, Map<String, Object> attrs, String... inputs) {
            String name = layerName(node, type);
            List<String> from = new ArrayList<>();
            for (String in : inputs) {
                String p = producer.get(in);
                if (p == null && !layers.isEmpty()) {
                    throw refused(node, "only the first node may read the graph input '" + inputName + "'");
                }
                if (pendingPad.containsKey(in)) {
                    p = producer.get(padLayer(node, in, takePending(in), 0f));
                }
                if (hwc.contains(in) && type != LayerType.FLATTEN && type != LayerType.GLOBALAVGPOOL) {
                    throw refused(node, "a value transposed to (H, W, C) may only be flattened or pooled");
                }
                if (p != null) {
                    from.add(p);
                }
            }
            boolean previous = from.size() == 1
                    && !layers.isEmpty()
                    && layers.get(layers.size() - 1).name().equals(from.get(0))
                    && !type.isMerge();
            layers.add(new LayerSpec(name, type, attrs, previous ? List.of() : from));
            layerNames.add(name);
            producer.put(node.getOutput(0), name);
            try {
                shapes = ShapeInference.walk(inputShape, layers);
            } catch (BundleException e) {
                throw refused(node, e.getMessage());
            }
            return name;
        }

        /** A readable, unique layer name from the node's name ({@code /layer1/conv1/Conv} -> {@code layer1.conv1.Conv}). */
        private String layerName(NodeProto node, LayerType type) {
            String base =
                    node.getName().replaceAll("^[/.:]+", "").replace('/', '.').replaceAll("[^A-Za-z0-9_.-]", "_");
            if (base.isEmpty()) {
                base = type.jsonName() + "_" + layers.size();
            }
            String name = base;
            for (int i = 2; layerNames.contains(name); i++) {
                name = base + "_" + i;
            }
            return name;
        }

        private int layerIndex(String name) {
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i).name().equals(name)) {
                    return i;
                }
            }
            return -1;
        }

        /** Shape (without batch) of a graph value. */
        private int[] shapeOf(String value) {
            String p = producer.get(value);
            if (p == null) {
                return inputShape.stream().mapToInt(Integer::intValue).toArray();
            }
            return shapes.get(layerIndex(p)).output();
        }

        private void requireFlat(NodeProto node, String x) {
            int[] s = shapeOf(x);
            if (s.length != 1) {
                throw refused(
                        node,
                        node.getOpType() + " needs a (batch, features) input; add a Flatten before it" + " (got "
                                + s.length + " dimensions after the batch)");
            }
        }

        private String input(NodeProto node, int i) {
            if (node.getInputCount() <= i || node.getInput(i).isEmpty()) {
                throw refused(node, "input #" + i + " is missing");
            }
            return node.getInput(i);
        }

        /** Input {@code i}, which must be computed by the graph (not a constant). */
        private String graphInput(NodeProto node, int i) {
            String in = input(node, i);
            if (!producer.containsKey(in)) {
                if (constants.containsKey(in)) {
                    throw refused(
                            node,
                            "input '" + in + "' is a constant; " + node.getOpType()
                                    + " is supported only on values the graph computes");
                }
                throw refused(node, "input '" + in + "' is neither an initializer nor computed by an earlier node");
            }
            return in;
        }

        /** Input {@code i}, which must be an initializer or a Constant. */
        private TensorProto constant(NodeProto node, int i, String role) {
            String in = input(node, i);
            TensorProto t = constants.get(in);
            if (t == null) {
                throw refused(
                        node,
                        producer.containsKey(in)
                                ? role + " '" + in + "' is computed by the graph; it must be an initializer"
                                : "missing initializer '" + in + "' (" + role + ")");
            }
            return t;
        }

        private float optionalScalar(NodeProto node, int i, float fallback) {
            if (node.getInputCount() <= i || node.getInput(i).isEmpty()) {
                return fallback;
            }
            float[] v = floats(constant(node, i, "scalar"), node);
            if (v.length != 1) {
                throw refused(node, "input #" + i + " must be a scalar");
            }
            return v[0];
        }

        private void put(String name, TensorProto t, NodeProto node) {
            tensors.put(name, tensor(name, dimsOf(t, node), t, node));
        }

        private Tensor tensor(String name, int[] shape, TensorProto t, NodeProto node) {
            return new Tensor(name, shape, floats(t, node));
        }

        private int[] dimsOf(TensorProto t, NodeProto node) {
            elements(t, node);
            return t.getDimsList().stream().mapToInt(Long::intValue).toArray();
        }

        /** Element count of a tensor, checked against the limit and against the bytes it holds. */
        private long elements(TensorProto t, NodeProto node) {
            long n = 1;
            for (long d : t.getDimsList()) {
                if (d < 0 || (d > 0 && n > MAX_TENSOR_ELEMENTS / d)) {
                    throw refused(
                            node,
                            "tensor '" + t.getName() + "' claims dims " + dims(t) + ", more than the "
                                    + MAX_TENSOR_ELEMENTS + " elements accepted");
                }
                n *= d;
            }
            if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
                throw refused(
                        node,
                        "tensor '" + t.getName() + "' is stored in an external file; export the"
                                + " weights inside model.onnx");
            }
            long held = switch (t.getDataType()) {
                case FLOAT ->
                    t.getRawData().isEmpty()
                            ? t.getFloatDataCount()
                            : t.getRawData().size() / 4L;
                case INT64 ->
                    t.getRawData().isEmpty()
                            ? t.getInt64DataCount()
                            : t.getRawData().size() / 8L;
                case INT32 ->
                    t.getRawData().isEmpty()
                            ? t.getInt32DataCount()
                            : t.getRawData().size() / 4L;
                default ->
                    throw refused(
                            node,
                            "tensor '" + t.getName() + "' has data type "
                                    + TensorProto.DataType.forNumber(t.getDataType())
                                    + "; float32 weights are supported");
            };
            if (held != n) {
                throw refused(
                        node,
                        "tensor '" + t.getName() + "' claims dims " + dims(t) + " (" + n + " elements) but holds "
                                + held);
            }
            return n;
        }

        private float[] floats(TensorProto t, NodeProto node) {
            int n = Math.toIntExact(elements(t, node));
            if (t.getDataType() != FLOAT) {
                throw refused(node, "tensor '" + t.getName() + "' must be float32");
            }
            float[] out = new float[n];
            if (!t.getRawData().isEmpty()) {
                t.getRawData()
                        .asReadOnlyByteBuffer()
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer()
                        .get(out);
            } else {
                for (int i = 0; i < n; i++) {
                    out[i] = t.getFloatData(i);
                }
            }
            for (float v : out) {
                if (!Float.isFinite(v)) {
                    throw refused(node, "tensor '" + t.getName() + "' holds NaN or infinite values");
                }
            }
            return out;
        }

        private long[] longs(TensorProto t, NodeProto node) {
            int n = Math.toIntExact(elements(t, node));
            long[] out = new long[n];
            ByteString raw = t.getRawData();
            ByteBuffer buf = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                out[i] = switch (t.getDataType()) {
                    case INT64 -> raw.isEmpty() ? t.getInt64Data(i) : buf.getLong(i * 8);
                    case INT32 -> raw.isEmpty() ? t.getInt32Data(i) : buf.getInt(i * 4);
                    default -> throw refused(node, "tensor '" + t.getName() + "' must hold integers");
                };
            }
            return out;
        }

        private static TensorProto scalar(float v) {
            return TensorProto.newBuilder().setDataType(FLOAT).addFloatData(v).build();
        }

        private static float[] transpose(float[] w, int rows, int cols) {
            float[] t = new float[w.length];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    t[c * rows + r] = w[r * cols + c];
                }
            }
            return t;
        }

        private static void scale(float[] v, float factor) {
            if (factor != 1f) {
                for (int i = 0; i < v.length; i++) {
                    v[i] *= factor;
                }
            }
        }

        private static String dims(TensorProto t) {
            return t.getDimsList().toString();
        }

        // ---- attributes ----

        private static AttributeProto attr(NodeProto node, String name) {
            for (AttributeProto a : node.getAttributeList()) {
                if (a.getName().equals(name)) {
                    return a;
                }
            }
            return null;
        }

        private static long intAttr(NodeProto node, String name, long fallback) {
            AttributeProto a = attr(node, name);
            return a == null ? fallback : a.getI();
        }

        private static float floatAttr(NodeProto node, String name, float fallback) {
            AttributeProto a = attr(node, name);
            return a == null ? fallback : a.getF();
        }

        private static String stringAttr(NodeProto node, String name, String fallback) {
            AttributeProto a = attr(node, name);
            return a == null ? fallback : a.getS().toStringUtf8();
        }

        private static int[] pair(NodeProto node, String name, int[] fallback) {
            AttributeProto a = attr(node, name);
            if (a == null) {
                if (fallback == null) {
                    throw refused(node, "attribute '" + name + "' is required");
                }
                return fallback;
            }
            if (a.getIntsCount() != 2) {
                throw refused(node, "attribute '" + name + "' must hold 2 values (2-d), got " + a.getIntsList());
            }
            return new int[] {(int) a.getInts(0), (int) a.getInts(1)};
        }

        /**
         * The node's padding as {@code [top, left, bottom, right]}: its {@code pads}, or what
         * {@code auto_pad} SAME_UPPER / SAME_LOWER asks for on {@code x}'s size.
         */
        private int[] pads(NodeProto node, String x, int[] kernel, int[] stride, int[] dilation) {
            String autoPad = stringAttr(node, "auto_pad", "NOTSET");
            if (autoPad.equals("SAME_UPPER") || autoPad.equals("SAME_LOWER")) {
                int[] in = shapeOf(x);
                int[] out = new int[4];
                for (int d = 0; d < 2; d++) {
                    int size = in[d + 1];
                    int needed = (Math.floorDiv(size + stride[d] - 1, stride[d]) - 1) * stride[d]
                            + dilation[d] * (kernel[d] - 1)
                            + 1
                            - size;
                    int total = Math.max(0, needed);
                    int small = total / 2;
                    boolean upper = autoPad.equals("SAME_UPPER");
                    out[d] = upper ? small : total - small;
                    out[d + 2] = upper ? total - small : small;
                }
                return out;
            }
            if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
                throw refused(node, "auto_pad " + autoPad + " is not supported");
            }
            AttributeProto a = attr(node, "pads");
            if (a == null || autoPad.equals("VALID")) {
                return new int[4];
            }
            List<Long> p = a.getIntsList();
            if (p.size() != 4 || p.stream().anyMatch(v -> v < 0)) {
                throw refused(node, "padding " + p + " is not supported; 2-d padding of 4 values >= 0 is");
            }
            return new int[] {
                p.get(0).intValue(),
                p.get(1).intValue(),
                p.get(2).intValue(),
                p.get(3).intValue()
            };
        }

        private int[] takePending(String value) {
            padSource.remove(value);
            return pendingPad.remove(value);
        }

        /** The value a pending pad applies to ({@code value} itself when none is pending). */
        private String unpadded(String value) {
            return padSource.getOrDefault(value, value);
        }

        /**
         * Adds a {@code pad} layer on {@code value} and returns its output value. A pending pad's
         * value already reads its source's layer; the caller has taken the pending pad.
         */
        private String padLayer(NodeProto reader, String value, int[] pads, float fill) {
            String out = value + "#pad" + layers.size();
            NodeProto padNode = NodeProto.newBuilder()
                    .setName(reader.getName() + "/pad")
                    .setOpType("Pad")
                    .addInput(value)
                    .addOutput(out)
                    .build();
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("pads", List.of(pads[0], pads[1], pads[2], pads[3]));
            if (fill != 0f) {
                attrs.put("value", (double) fill);
            }
            layer(padNode, LayerType.PAD, attrs, value);
            return out;
        }

        private static int[] add(int[] a, int[] b) {
            if (b == null) {
                return a;
            }
            int[] out = a.clone();
            for (int i = 0; i < out.length; i++) {
                out[i] += b[i];
            }
            return out;
        }

        private static boolean symmetric(int[] p) {
            return p[0] == p[2] && p[1] == p[3];
        }

        private static boolean isZero(int[] p) {
            return Arrays.stream(p).allMatch(v -> v == 0);
        }

        private List<Integer> imageShape(ValueInfoProto input) {
            if (!input.getType().hasTensorType()) {
                throw new BundleException("model.onnx: the graph input '" + input.getName() + "' is not a tensor");
            }
            if (input.getType().getTensorType().getElemType() != FLOAT) {
                throw new BundleException("model.onnx: the graph input '" + input.getName() + "' must be float32");
            }
            List<TensorShapeProto.Dimension> d =
                    input.getType().getTensorType().getShape().getDimList();
            if (d.size() != 4) {
                throw new BundleException("model.onnx: the graph input '" + input.getName()
                        + "' must be an image batch (batch, channels, height, width), got " + d.size() + " dimensions");
            }
            List<Integer> shape = new ArrayList<>();
            for (int i = 1; i < 4; i++) {
                TensorShapeProto.Dimension dim = d.get(i);
                if (!dim.hasDimValue() || dim.getDimValue() <= 0) {
                    throw new BundleException("model.onnx: the graph input '" + input.getName() + "' has a dynamic "
                            + List.of("batch", "channel", "height", "width").get(i) + " dimension ("
                            + (dim.hasDimParam() ? "'" + dim.getDimParam() + "'" : "unknown")
                            + "); only the batch may be dynamic, export with a fixed image size");
                }
                if (dim.getDimValue() > 65_536) {
                    throw new BundleException("model.onnx: input dimension " + dim.getDimValue() + " is too large");
                }
                shape.add((int) dim.getDimValue());
            }
            return shape;
        }

        private static BundleException refused(NodeProto node, String why) {
            String name = node.getName().isEmpty() ? "(unnamed)" : node.getName();
            return new BundleException(
                    String.format(Locale.ROOT, "model.onnx node '%s' (%s): %s", name, node.getOpType(), why));
        }
    }
}
