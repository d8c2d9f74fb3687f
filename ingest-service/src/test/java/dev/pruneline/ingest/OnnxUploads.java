package dev.pruneline.ingest;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import dev.pruneline.core.bundle.BundleArchive;
import dev.pruneline.core.bundle.ModelBundle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * ONNX upload bodies: the ONNX export of a valid LeNet-5 bundle as a bare file and as a zip with pruneline.json, and
 * broken variants of it, each wrong in one way.
 */
final class OnnxUploads {

    /** The data set that pruneline.json of {@link #zipWithMetadata} names. */
    static final String METADATA_DATASET = "digits-from-pruneline-json";

    /** Output channels that make conv1's 5x5 weight claim about 2^29 elements. */
    static final long HUGE_OUT_CHANNELS = (1L << 29) / 25;

    final Path bare;
    final Path zipWithMetadata;
    final Path truncated;
    final Path unsupportedOperator;
    final Path missingInitializer;
    final Path dynamicHeight;
    final Path hugeTensor;

    /** @param bundleDir a saved bundle folder, whose model.onnx is the valid model */
    OnnxUploads(Path bundleDir, Path dir) throws IOException {
        Files.createDirectories(dir);
        bare = Files.copy(bundleDir.resolve(ModelBundle.MODEL_ONNX), dir.resolve("lenet5.onnx"));
        byte[] bytes = Files.readAllBytes(bare);
        ModelProto model = ModelProto.parseFrom(bytes);

        Path folder = Files.createDirectories(dir.resolve("lenet5-onnx"));
        Files.write(folder.resolve(ModelBundle.MODEL_ONNX), bytes);
        Files.writeString(
                folder.resolve("pruneline.json"),
                "{\"classes\": [\"0\", \"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\", \"9\"],"
                        + " \"normalization\": {\"mean\": [0.1307], \"std\": [0.3081]},"
                        + " \"dataset\": \"" + METADATA_DATASET + "\"}",
                StandardCharsets.UTF_8);
        zipWithMetadata = dir.resolve("lenet5-onnx.zip");
        BundleArchive.zip(folder, zipWithMetadata);

        truncated = Files.write(dir.resolve("truncated.onnx"), Arrays.copyOf(bytes, bytes.length / 2));
        unsupportedOperator = write(
                dir,
                "einsum.onnx",
                model,
                g -> g.setNode(0, g.getNode(0).toBuilder().setOpType("Einsum")));
        missingInitializer = write(dir, "no-weight.onnx", model, g -> g.removeInitializer(0));
        dynamicHeight = write(dir, "dynamic-height.onnx", model, g -> {
            GraphProto.Builder b = g;
            b.getInputBuilder(0)
                    .getTypeBuilder()
                    .getTensorTypeBuilder()
                    .getShapeBuilder()
                    .setDim(2, TensorShapeProto.Dimension.newBuilder().setDimParam("height"));
            return b;
        });
        hugeTensor = write(dir, "huge-tensor.onnx", model, g -> {
            // conv1's weight (out, in, 5, 5) claims about 2^29 float elements (2 GiB) and holds a few hundred
            TensorProto.Builder t = g.getInitializerBuilder(0);
            t.setDims(0, HUGE_OUT_CHANNELS);
            return g;
        });
    }

    /** The name of the first initializer, which the broken variants remove or inflate. */
    static String firstInitializer(Path onnx) throws IOException {
        return ModelProto.parseFrom(Files.readAllBytes(onnx))
                .getGraph()
                .getInitializer(0)
                .getName();
    }

    private static Path write(Path dir, String name, ModelProto model, UnaryOperator<GraphProto.Builder> change)
            throws IOException {
        ModelProto.Builder b = model.toBuilder();
        change.apply(b.getGraphBuilder());
        return Files.write(dir.resolve(name), b.build().toByteArray());
    }
}
