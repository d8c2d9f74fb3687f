package dev.pruneline.core.bundle;

import java.util.List;
import java.util.Map;

/**
 * One node of the architecture graph in model.json.
 *
 * @param name unique layer name; parameter tensors are named {@code <name>.<param>}
 * @param type the layer kind
 * @param attributes type-specific attributes (e.g. {@code outChannels}, {@code kernel}, {@code padding})
 * @param inputs names of the layers feeding this one; empty means "the previous layer" (or the model input)
 */
public record LayerSpec(String name, LayerType type, Map<String, Object> attributes, List<String> inputs) {

    public LayerSpec {
        attributes = Map.copyOf(attributes);
        inputs = List.copyOf(inputs);
    }

    /** A layer fed by the previous layer. */
    public static LayerSpec of(String name, LayerType type, Map<String, Object> attributes) {
        return new LayerSpec(name, type, attributes, List.of());
    }

    /** A required integer attribute. */
    public int intAttr(String key) {
        Object v = attributes.get(key);
        if (!(v instanceof Number n)) {
            throw new BundleException("layer '" + name + "': attribute '" + key + "' must be an integer, found " + v);
        }
        return n.intValue();
    }

    /** An optional integer attribute. */
    public int intAttr(String key, int fallback) {
        return attributes.containsKey(key) ? intAttr(key) : fallback;
    }

    /** An optional number attribute. */
    public double doubleAttr(String key, double fallback) {
        Object v = attributes.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n)) {
            throw new BundleException("layer '" + name + "': attribute '" + key + "' must be a number, found " + v);
        }
        return n.doubleValue();
    }

    /** An optional boolean attribute. */
    public boolean boolAttr(String key, boolean fallback) {
        Object v = attributes.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Boolean b)) {
            throw new BundleException(
                    "layer '" + name + "': attribute '" + key + "' must be true or false, found " + v);
        }
        return b;
    }

    /** An optional pair such as {@code kernel: [5, 5]}; a single number {@code 5} means {@code [5, 5]}. */
    public int[] pairAttr(String key, int[] fallback) {
        Object v = attributes.get(key);
        if (v == null) {
            if (fallback == null) {
                throw new BundleException("layer '" + name + "': attribute '" + key + "' is required");
            }
            return fallback.clone();
        }
        if (v instanceof Number n) {
            return new int[] {n.intValue(), n.intValue()};
        }
        if (v instanceof List<?> list
                && list.size() == 2
                && list.get(0) instanceof Number a
                && list.get(1) instanceof Number b) {
            return new int[] {a.intValue(), b.intValue()};
        }
        throw new BundleException("layer '" + name + "': attribute '" + key + "' must be [h, w], found " + v);
    }
}
