package dev.pruneline.core;

import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.bundle.ShapeInference;
import dev.pruneline.core.bundle.Tensor;
import dev.pruneline.core.model.Architectures;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Small models with known content for tests, built without the engine. */
public final class TestModels {
    private TestModels() {}

    /** LeNet-5 with seeded random weights (std 0.1). */
    public static ModelBundle lenet5() {
        return randomBundle(Architectures.lenet5(), 7);
    }

    /** A bundle for any spec with seeded random values in every tensor. */
    public static ModelBundle randomBundle(ModelSpec spec, long seed) {
        Random rnd = new Random(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        ShapeInference.parameterShapes(spec).forEach((name, shape) -> {
            float[] data = new float[(int) Tensor.elementCount(shape)];
            for (int i = 0; i < data.length; i++) {
                data[i] = name.endsWith("running_var") ? 1f : (float) (rnd.nextGaussian() * 0.1);
            }
            tensors.put(name, new Tensor(name, shape, data));
        });
        return new ModelBundle(spec, tensors);
    }
}
