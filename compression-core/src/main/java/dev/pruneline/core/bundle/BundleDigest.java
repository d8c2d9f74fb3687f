package dev.pruneline.core.bundle;

import dev.pruneline.core.onnx.OnnxMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 identity of a bundle: over model.json then weights.safetensors (folder), over model.onnx
 * then pruneline.json (a folder holding an ONNX release), or over the file's bytes (zip or .onnx).
 */
public final class BundleDigest {
    private BundleDigest() {}

    /** Hex SHA-256 of a bundle folder or archive. */
    public static String sha256(Path bundle) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            if (Files.isRegularFile(bundle)) {
                update(md, bundle);
            } else if (!Files.exists(bundle.resolve(ModelBundle.MODEL_JSON))
                    && Files.exists(bundle.resolve(ModelBundle.MODEL_ONNX))) {
                update(md, bundle.resolve(ModelBundle.MODEL_ONNX));
                Path metadata = bundle.resolve(OnnxMetadata.FILE);
                if (Files.exists(metadata)) {
                    update(md, metadata);
                }
            } else {
                update(md, bundle.resolve(ModelBundle.MODEL_JSON));
                update(md, bundle.resolve(ModelBundle.WEIGHTS));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        } catch (IOException e) {
            throw new BundleException("cannot hash bundle " + bundle + ": " + e.getMessage(), e);
        }
    }

    private static void update(MessageDigest md, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
    }
}
