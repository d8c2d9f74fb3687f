package dev.pruneline.core.onnx;

import dev.pruneline.core.bundle.BundleException;
import dev.pruneline.core.bundle.ModelBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads ONNX releases from disk: a bare {@code .onnx} file, or a folder with model.onnx and pruneline.json. */
public final class OnnxBundles {
    private OnnxBundles() {}

    /** An ONNX file with the given metadata. */
    public static ModelBundle readFile(Path file, OnnxMetadata metadata, String modelName) {
        return OnnxImport.read(bytes(file), metadata, modelName);
    }

    /** A folder holding model.onnx and, optionally, pruneline.json. */
    public static ModelBundle readFolder(Path dir, String modelName) {
        Path meta = dir.resolve(OnnxMetadata.FILE);
        OnnxMetadata metadata = Files.exists(meta) ? OnnxMetadata.parse(bytes(meta)) : OnnxMetadata.NONE;
        return readFile(dir.resolve(ModelBundle.MODEL_ONNX), metadata, modelName);
    }

    private static byte[] bytes(Path file) {
        try {
            long size = Files.size(file);
            if (size > ModelBundle.MAX_ONNX_BYTES) {
                throw new BundleException(file.getFileName() + " is " + size + " bytes; at most "
                        + ModelBundle.MAX_ONNX_BYTES + " are read");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BundleException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
