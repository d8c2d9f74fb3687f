package dev.pruneline.ingest;

import dev.pruneline.core.CompressionException;
import dev.pruneline.core.bundle.BundleArchive;
import dev.pruneline.core.bundle.ModelBundle;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The private scratch folder of one upload: the received archive and what it extracts to. Closing it deletes
 * everything, whatever happened to the request.
 */
final class UploadWorkspace implements AutoCloseable {

    /** The protobuf tag of field 1 (varint) of an ONNX {@code ModelProto}, which serialisers write first. */
    private static final byte ONNX_FIRST_BYTE = 0x08;

    private final Path root;

    private UploadWorkspace(Path root) {
        this.root = root;
    }

    /** A fresh folder under {@code workDir}. */
    static UploadWorkspace create(Path workDir) {
        try {
            Files.createDirectories(workDir);
            return new UploadWorkspace(Files.createTempDirectory(workDir, "upload-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch folder under " + workDir, e);
        }
    }

    /**
     * Copies the request body into {@code archive.zip}, counting bytes as they arrive.
     *
     * @throws UploadTooLargeException as soon as the body passes {@code limitBytes}
     */
    Path receive(InputStream body, long limitBytes, String what) {
        Path archive = root.resolve("archive.zip");
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try (InputStream in = body;
                OutputStream out = Files.newOutputStream(archive)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > limitBytes) {
                    // read the rest (the HTTP layer caps it) so that the client gets the answer, not a reset
                    in.transferTo(OutputStream.nullOutputStream());
                    throw new UploadTooLargeException(what, limitBytes);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new BadUploadException("cannot read the uploaded " + what + ": " + e.getMessage(), e);
        }
        if (total == 0) {
            throw new BadUploadException("the request body is empty; send the " + what);
        }
        return archive;
    }

    /**
     * Extracts the archive safely and returns the folder holding its content. The content is taken at the root of
     * the archive, exactly as the workers will read it.
     *
     * @throws BadUploadException for anything that is not a well-formed, contained zip within the size limit
     */
    Path extract(Path archive, long maxExtractedBytes, int maxEntries) {
        Path content = root.resolve("content");
        try (InputStream in = Files.newInputStream(archive)) {
            BundleArchive.extract(in, content, maxExtractedBytes, maxEntries);
        } catch (CompressionException e) {
            throw new BadUploadException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back " + archive, e);
        }
        return content;
    }

    /**
     * The content of an uploaded model: a zip is extracted as by {@link #extract}; a bare ONNX model (a protobuf
     * {@code ModelProto}, whose first byte is the tag of its field 1, {@code ir_version}) becomes {@code model.onnx}
     * in the content folder, and {@code archive} is replaced by the deterministic zip of that folder, so that every
     * release is stored and read the same way and the same ONNX bytes always give the same archive hash.
     *
     * @throws BadUploadException for a body that is neither a zip nor an ONNX model, or a bad zip
     */
    Path unpackModel(Path archive, long maxExtractedBytes) {
        byte first = firstByte(archive);
        if (first != ONNX_FIRST_BYTE) {
            if (first != 'P') {
                throw new BadUploadException(
                        "not a zip archive, nor an ONNX model: send a bundle folder as a zip, or" + " an .onnx file");
            }
            return extract(archive, maxExtractedBytes, BundleArchive.MAX_BUNDLE_ENTRIES);
        }
        Path content = root.resolve("content");
        try {
            Files.createDirectories(content);
            Files.move(archive, content.resolve(ModelBundle.MODEL_ONNX));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the upload into " + content, e);
        }
        BundleArchive.zip(content, archive);
        return content;
    }

    private static byte firstByte(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return (byte) in.read();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back " + file, e);
        }
    }

    /**
     * Runs a compression-core check on the extracted content; its error messages speak of the archive's entries
     * rather than of this server's scratch folder.
     */
    <T> T check(Path content, Function<Path, T> validator) {
        try {
            return validator.apply(content);
        } catch (CompressionException e) {
            String message = String.valueOf(e.getMessage())
                    .replace(content + "/", "")
                    .replace("data folder " + content, "the archive")
                    .replace("bundle " + content, "the archive")
                    .replace(content.toString(), "the archive");
            throw new CompressionException(message, e);
        }
    }

    @Override
    public void close() {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(UploadWorkspace::deleteQuietly);
        } catch (IOException e) {
            // already gone
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort: the next upload uses a fresh folder anyway
        }
    }
}
