package dev.pruneline.core.bundle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Checks that the tensors are exactly those the graph implies: names, shapes, finite values. */
final class BundleValidator {
    private BundleValidator() {}

    static void check(ModelSpec spec, Map<String, Tensor> tensors) {
        Map<String, int[]> expected = ShapeInference.parameterShapes(spec);
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            Tensor t = tensors.get(e.getKey());
            if (t == null) {
                throw new BundleException("weights lack tensor " + e.getKey() + " " + Tensor.shapeText(e.getValue())
                        + " required by model.json");
            }
            if (!Arrays.equals(t.shape(), e.getValue())) {
                String name = e.getKey();
                int dot = name.lastIndexOf('.');
                throw new BundleException("layer " + name.substring(0, dot) + ": " + name.substring(dot + 1)
                        + " shape " + Tensor.shapeText(t.shape()) + " does not match model.json "
                        + Tensor.shapeText(e.getValue()));
            }
        }
        List<String> extra = new ArrayList<>();
        for (String name : tensors.keySet()) {
            if (!expected.containsKey(name)) {
                extra.add(name);
            }
        }
        if (!extra.isEmpty()) {
            throw new BundleException("weights hold tensors that model.json does not use: " + extra);
        }
        for (Tensor t : tensors.values()) {
            int bad = t.nonFiniteCount();
            if (bad > 0) {
                throw new BundleException("tensor " + t.name() + " holds " + bad + " non-finite values");
            }
        }
    }
}
