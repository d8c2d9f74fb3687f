package dev.pruneline.core.bundle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks a model graph from its input shape and derives every layer's output shape and the exact
 * shapes of the parameter tensors it needs. Pure Java: used to validate bundles, count parameters
 * and MACs, and to check DJL's parameters after loading.
 */
public final class ShapeInference {
    private ShapeInference() {}

    /** Shapes for every layer, in graph order. */
    public static List<LayerShapes> infer(ModelSpec spec) {
        List<LayerShapes> result = walk(spec.inputShape(), spec.layers());
        int[] last = result.get(result.size() - 1).output();
        if (last.length != 1 || last[0] != spec.classes().size()) {
            throw new BundleException("model '" + spec.name() + "': the last layer outputs " + Tensor.shapeText(last)
                    + " but there are " + spec.classes().size() + " classes");
        }
        return result;
    }

    /**
     * Shapes for every layer of a graph fed with {@code inputShape} (without batch), whatever its
     * last layer outputs.
     */
    public static List<LayerShapes> walk(List<Integer> inputShape, List<LayerSpec> layers) {
        int[] modelInput = inputShape.stream().mapToInt(Integer::intValue).toArray();
        Map<String, int[]> outputs = new HashMap<>();
        List<LayerShapes> result = new ArrayList<>();
        int[] previous = modelInput;
        for (LayerSpec layer : layers) {
            int[] in = layer.inputs().isEmpty()
                    ? previous
                    : outputs.get(layer.inputs().get(0));
            LayerShapes s = layerShapes(layer, in, outputs);
            outputs.put(layer.name(), s.output());
            result.add(s);
            previous = s.output();
        }
        return result;
    }

    /** Expected parameter shapes of the whole model by tensor name, in graph order. */
    public static Map<String, int[]> parameterShapes(ModelSpec spec) {
        Map<String, int[]> all = new LinkedHashMap<>();
        infer(spec).forEach(s -> all.putAll(s.parameters()));
        return all;
    }

    private static LayerShapes layerShapes(LayerSpec l, int[] in, Map<String, int[]> outputs) {
        Map<String, int[]> params = new LinkedHashMap<>();
        String n = l.name();
        int[] out = switch (l.type()) {
            case CONV2D -> {
                requireRank(l, in, 3);
                int outC = l.intAttr("outChannels");
                int groups = l.intAttr("groups", 1);
                int[] k = l.pairAttr("kernel", null);
                int[] stride = l.pairAttr("stride", new int[] {1, 1});
                int[] pad = l.pairAttr("padding", new int[] {0, 0});
                int[] dilation = l.pairAttr("dilation", new int[] {1, 1});
                if (groups < 1 || in[0] % groups != 0 || outC % groups != 0) {
                    throw new BundleException("layer '" + n + "': groups " + groups + " must divide both the " + in[0]
                            + " input channels and the " + outC + " output channels");
                }
                params.put(n + ".weight", new int[] {outC, in[0] / groups, k[0], k[1]});
                if (l.boolAttr("bias", true)) {
                    params.put(n + ".bias", new int[] {outC});
                }
                yield new int[] {
                    outC,
                    window(l, in[1], k[0], stride[0], pad[0], dilation[0], false),
                    window(l, in[2], k[1], stride[1], pad[1], dilation[1], false)
                };
            }
            case MAXPOOL, AVGPOOL -> {
                requireRank(l, in, 3);
                int[] k = l.pairAttr("kernel", new int[] {2, 2});
                int[] stride = l.pairAttr("stride", k);
                int[] pad = l.pairAttr("padding", new int[] {0, 0});
                boolean ceil = l.boolAttr("ceilMode", false);
                yield new int[] {
                    in[0],
                    window(l, in[1], k[0], stride[0], pad[0], 1, ceil),
                    window(l, in[2], k[1], stride[1], pad[1], 1, ceil)
                };
            }
            case PAD -> {
                requireRank(l, in, 3);
                int[] p = pads(l);
                yield new int[] {in[0], in[1] + p[0] + p[2], in[2] + p[1] + p[3]};
            }
            case GLOBALAVGPOOL -> {
                requireRank(l, in, 3);
                yield new int[] {in[0], 1, 1};
            }
            case BATCHNORM -> {
                int c = in[0];
                for (String p : new String[] {"gamma", "beta", "running_mean", "running_var"}) {
                    params.put(n + "." + p, new int[] {c});
                }
                yield in.clone();
            }
            case LINEAR -> {
                if (in.length != 1) {
                    throw new BundleException("layer '" + n + "': a linear layer needs a flat input (add a flatten"
                            + " layer before it), got " + Tensor.shapeText(in));
                }
                int outF = l.intAttr("outFeatures");
                params.put(n + ".weight", new int[] {outF, in[0]});
                if (l.boolAttr("bias", true)) {
                    params.put(n + ".bias", new int[] {outF});
                }
                yield new int[] {outF};
            }
            case FLATTEN -> {
                long values = Tensor.elementCount(in);
                if (values > Integer.MAX_VALUE) {
                    throw new BundleException("layer '" + n + "': flattening " + Tensor.shapeText(in) + " gives "
                            + values + " values, more than a layer can hold");
                }
                yield new int[] {(int) values};
            }
            case RELU, DROPOUT, CLIP, LEAKYRELU, SIGMOID, HARDSIGMOID, HARDSWISH -> in.clone();
            case MUL -> {
                int[] other = outputs.get(l.inputs().get(1));
                int[] wide = Tensor.elementCount(in) >= Tensor.elementCount(other) ? in : other;
                int[] narrow = wide == in ? other : in;
                boolean gate = narrow.length == 3
                        && wide.length == 3
                        && narrow[0] == wide[0]
                        && narrow[1] == 1
                        && narrow[2] == 1;
                if (!Arrays.equals(in, other) && !gate) {
                    throw new BundleException("layer '" + n + "': a mul takes two equal shapes or a (C, H, W)"
                            + " and a (C, 1, 1) input, got " + Tensor.shapeText(in) + " and "
                            + Tensor.shapeText(other));
                }
                yield wide.clone();
            }
            case CONCAT -> {
                int channels = 0;
                for (String input : l.inputs()) {
                    int[] s = outputs.get(input);
                    if (s.length != 3 || s[1] != in[1] || s[2] != in[2]) {
                        throw new BundleException("layer '" + n + "': a concat joins (C, H, W) inputs of equal"
                                + " height and width, but '" + l.inputs().get(0) + "' gives "
                                + Tensor.shapeText(in) + " and '" + input + "' gives " + Tensor.shapeText(s));
                    }
                    channels += s[0];
                }
                yield new int[] {channels, in[1], in[2]};
            }
            case ADD -> {
                for (String other : l.inputs()) {
                    if (!Arrays.equals(outputs.get(other), in)) {
                        throw new BundleException("layer '" + n + "': inputs of an add must have equal shapes, but '"
                                + l.inputs().get(0) + "' gives " + Tensor.shapeText(in) + " and '" + other
                                + "' gives " + Tensor.shapeText(outputs.get(other)));
                    }
                }
                yield in.clone();
            }
        };
        return new LayerShapes(l, in.clone(), out, params);
    }

    /** The {@code pads} attribute of a pad layer: {@code [top, left, bottom, right]}, each >= 0. */
    public static int[] pads(LayerSpec l) {
        Object v = l.attributes().get("pads");
        if (!(v instanceof List<?> list) || list.size() != 4) {
            throw new BundleException(
                    "layer '" + l.name() + "': 'pads' must be [top, left, bottom, right], found " + v);
        }
        int[] p = new int[4];
        for (int i = 0; i < 4; i++) {
            if (!(list.get(i) instanceof Number n) || n.intValue() < 0) {
                throw new BundleException("layer '" + l.name() + "': 'pads' must hold integers >= 0, found " + v);
            }
            p[i] = n.intValue();
        }
        return p;
    }

    private static void requireRank(LayerSpec l, int[] in, int rank) {
        if (in.length != rank) {
            throw new BundleException("layer '" + l.name() + "': a " + l.type().jsonName() + " layer needs a " + rank
                    + "-d input (channels, height, width), got " + Tensor.shapeText(in));
        }
    }

    /**
     * Output size of a sliding window (convolution or pooling) as PyTorch and ONNX compute it; in
     * ceil mode a last window that would start in the right padding is dropped.
     */
    private static int window(LayerSpec l, int size, int k, int stride, int pad, int dilation, boolean ceil) {
        if (k <= 0 || stride <= 0 || pad < 0 || dilation <= 0) {
            throw new BundleException(
                    "layer '" + l.name() + "': kernel, stride and dilation must be > 0 and padding >= 0");
        }
        int span = dilation * (k - 1) + 1;
        int room = size + 2 * pad - span;
        if (room < 0) {
            throw new BundleException("layer '" + l.name() + "': kernel " + k
                    + (dilation > 1 ? " (dilation " + dilation + ")" : "") + " does not fit input size " + size
                    + " (padding " + pad + ")");
        }
        int out = (ceil ? Math.floorDiv(room + stride - 1, stride) : room / stride) + 1;
        if (ceil && (out - 1) * stride >= size + pad) {
            out--;
        }
        return out;
    }
}
