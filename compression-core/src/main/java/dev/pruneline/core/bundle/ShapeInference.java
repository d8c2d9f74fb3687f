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
        int[] modelInput =
                spec.inputShape().stream().mapToInt(Integer::intValue).toArray();
        Map<String, int[]> outputs = new HashMap<>();
        List<LayerShapes> result = new ArrayList<>();
        int[] previous = modelInput;
        for (LayerSpec layer : spec.layers()) {
            int[] in = layer.inputs().isEmpty()
                    ? previous
                    : outputs.get(layer.inputs().get(0));
            LayerShapes s = layerShapes(layer, in, outputs);
            outputs.put(layer.name(), s.output());
            result.add(s);
            previous = s.output();
        }
        int[] last = previous;
        if (last.length != 1 || last[0] != spec.classes().size()) {
            throw new BundleException("model '" + spec.name() + "': the last layer outputs " + Tensor.shapeText(last)
                    + " but there are " + spec.classes().size() + " classes");
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
                int[] k = l.pairAttr("kernel", null);
                int[] stride = l.pairAttr("stride", new int[] {1, 1});
                int[] pad = l.pairAttr("padding", new int[] {0, 0});
                params.put(n + ".weight", new int[] {outC, in[0], k[0], k[1]});
                if (l.boolAttr("bias", true)) {
                    params.put(n + ".bias", new int[] {outC});
                }
                yield new int[] {
                    outC, spatial(l, in[1], k[0], stride[0], pad[0]), spatial(l, in[2], k[1], stride[1], pad[1])
                };
            }
            case MAXPOOL, AVGPOOL -> {
                requireRank(l, in, 3);
                int[] k = l.pairAttr("kernel", new int[] {2, 2});
                int[] stride = l.pairAttr("stride", k);
                int[] pad = l.pairAttr("padding", new int[] {0, 0});
                yield new int[] {
                    in[0], spatial(l, in[1], k[0], stride[0], pad[0]), spatial(l, in[2], k[1], stride[1], pad[1])
                };
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
            case FLATTEN -> new int[] {(int) Tensor.elementCount(in)};
            case RELU, DROPOUT -> in.clone();
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

    private static void requireRank(LayerSpec l, int[] in, int rank) {
        if (in.length != rank) {
            throw new BundleException("layer '" + l.name() + "': a " + l.type().jsonName() + " layer needs a " + rank
                    + "-d input (channels, height, width), got " + Tensor.shapeText(in));
        }
    }

    private static int spatial(LayerSpec l, int size, int k, int stride, int pad) {
        if (k <= 0 || stride <= 0 || pad < 0) {
            throw new BundleException("layer '" + l.name() + "': kernel and stride must be > 0 and padding >= 0");
        }
        int out = (size + 2 * pad - k) / stride + 1;
        if (out <= 0) {
            throw new BundleException("layer '" + l.name() + "': kernel " + k + " does not fit input size " + size
                    + " (padding " + pad + ")");
        }
        return out;
    }
}
