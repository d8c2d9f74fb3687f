package dev.pruneline.core.cli;

import dev.pruneline.core.data.SampleData;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model} and {@code --data}: what every command working on one bundle reads (a picocli mixin). */
final class BundleOptions {
    @Option(
            names = "--model",
            required = true,
            description = "bundle: a folder or zip with model.json + weights.safetensors or with model.onnx"
                    + " (+ pruneline.json), or an .onnx file")
    Path model;

    @Option(
            names = "--data",
            required = true,
            description = "data folder or zip (MNIST IDX files, CIFAR-10 binary batches, or an image tree"
                    + " train/<class>/, test/<class>/), or 'sample' for the bundled MNIST sample")
    String data;

    /** The data folder, the bundled sample extracted when {@code --data sample}. */
    Path dataDir() {
        return SampleData.resolve(data);
    }
}
