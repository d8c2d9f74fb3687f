package dev.pruneline.ingest;

import dev.pruneline.core.bundle.BundleArchive;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.ModelJson;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.bundle.ShapeInference;
import dev.pruneline.core.bundle.Tensor;
import dev.pruneline.core.data.SampleData;
import dev.pruneline.core.model.Architectures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Upload bodies for the tests, made once per test class in a temporary folder: a valid LeNet-5 bundle with random
 * weights (no training needed to be valid), broken variants of it, and the bundled MNIST sample as a data set.
 */
final class Uploads {

    final Path lenet5;
    /** Declares version 2.0 and data set {@code mnist} in its model.json. */
    final Path lenet5Versioned;

    final Path shapeMismatch;
    final Path escaping;
    final Path mnist;
    final Path mnistWithoutTestLabels;

    Uploads(Path dir) throws IOException {
        Path valid = dir.resolve("lenet5");
        randomLenet5().save(valid);
        lenet5 = zip(valid, dir.resolve("lenet5.zip"));

        Path versioned = dir.resolve("lenet5-2.0");
        ModelSpec spec = Architectures.lenet5();
        randomLenet5()
                .withSpec(new ModelSpec(
                        spec.schemaVersion(),
                        spec.name(),
                        "2.0",
                        spec.inputShape(),
                        spec.classes(),
                        spec.normalization(),
                        spec.datasetName(),
                        spec.layers(),
                        spec.metrics(),
                        spec.provenance()))
                .save(versioned);
        lenet5Versioned = zip(versioned, dir.resolve("lenet5-2.0.zip"));

        Path broken = dir.resolve("lenet5-broken");
        randomLenet5().save(broken);
        // model.json now says conv2 has 8 filters while the weights still hold 16
        Files.write(broken.resolve(ModelBundle.MODEL_JSON), ModelJson.toBytes(Architectures.lenet5(6, 8)));
        shapeMismatch = zip(broken, dir.resolve("lenet5-broken.zip"));

        escaping = dir.resolve("evil.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(escaping))) {
            entry(out, "model.json", "{}");
            entry(out, "../evil", "gotcha");
        }

        Path data = SampleData.extractTo(dir.resolve("mnist"));
        mnist = zip(data, dir.resolve("mnist.zip"));
        Files.delete(data.resolve("t10k-labels-idx1-ubyte.gz"));
        mnistWithoutTestLabels = zip(data, dir.resolve("mnist-incomplete.zip"));
    }

    private static ModelBundle randomLenet5() {
        ModelSpec spec = Architectures.lenet5();
        Random random = new Random(7);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        ShapeInference.parameterShapes(spec).forEach((name, shape) -> {
            float[] data = new float[(int) Tensor.elementCount(shape)];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) (random.nextGaussian() * 0.05);
            }
            tensors.put(name, new Tensor(name, shape, data));
        });
        return new ModelBundle(spec, tensors);
    }

    private static Path zip(Path dir, Path zip) {
        BundleArchive.zip(dir, zip);
        return zip;
    }

    private static void entry(ZipOutputStream out, String name, String text) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
