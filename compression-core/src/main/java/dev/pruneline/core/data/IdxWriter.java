package dev.pruneline.core.data;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a split as two unsigned-byte IDX files, {@code <split>-images-idx-ubyte} (size x channels x rows x cols)
 * and {@code <split>-labels-idx1-ubyte}, so that a tool outside the JVM reads exactly the images pruneline uses, in
 * the same order.
 */
public final class IdxWriter {
    private static final int UBYTE = 0x08;

    private IdxWriter() {}

    /** Writes {@code images} into {@code dir} under the name {@code split}. */
    public static void write(ImageSet images, Path dir, String split) {
        for (int label : images.labels()) {
            if (label < 0 || label > 255) {
                throw new DataException(images.name() + ": label " + label + " does not fit an unsigned-byte IDX file");
            }
        }
        try {
            Files.createDirectories(dir);
            try (DataOutputStream out = stream(dir.resolve(split + "-images-idx-ubyte"))) {
                header(out, images.size(), images.channels(), images.rows(), images.cols());
                out.write(images.pixels());
            }
            try (DataOutputStream out = stream(dir.resolve(split + "-labels-idx1-ubyte"))) {
                header(out, images.size());
                for (int label : images.labels()) {
                    out.writeByte(label);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + split + " split to " + dir, e);
        }
    }

    private static DataOutputStream stream(Path file) throws IOException {
        OutputStream raw = Files.newOutputStream(file);
        return new DataOutputStream(new java.io.BufferedOutputStream(raw));
    }

    private static void header(DataOutputStream out, int... dims) throws IOException {
        out.writeInt((UBYTE << 8) | dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
    }
}
