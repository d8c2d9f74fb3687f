package dev.pruneline.faults;

import dev.pruneline.core.data.SampleData;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A small cut of the bundled MNIST sample in the MNIST layout (plain IDX files), so that a release runs through
 * both workers in seconds and a burst of them fits the suite's time.
 */
final class TinyData {

    static final int TRAIN = 600;
    static final int TEST = 200;

    private TinyData() {}

    /** Writes the first {@link #TRAIN} training and {@link #TEST} test images of the sample into {@code dir}. */
    static Path write(Path dir) throws IOException {
        Path sample = SampleData.extractTo(dir.resolveSibling(dir.getFileName() + "-sample"));
        Files.createDirectories(dir);
        cut(sample, dir, "train", TRAIN);
        cut(sample, dir, "t10k", TEST);
        return dir;
    }

    private static void cut(Path from, Path to, String split, int count) throws IOException {
        try (DataInputStream images = gz(from.resolve(split + "-images-idx3-ubyte.gz"));
                DataInputStream labels = gz(from.resolve(split + "-labels-idx1-ubyte.gz"));
                DataOutputStream imagesOut = out(to.resolve(split + "-images-idx3-ubyte"));
                DataOutputStream labelsOut = out(to.resolve(split + "-labels-idx1-ubyte"))) {
            int magic = images.readInt();
            images.readInt();
            int rows = images.readInt();
            int cols = images.readInt();
            imagesOut.writeInt(magic);
            imagesOut.writeInt(count);
            imagesOut.writeInt(rows);
            imagesOut.writeInt(cols);
            imagesOut.write(images.readNBytes(count * rows * cols));
            labelsOut.writeInt(labels.readInt());
            labels.readInt();
            labelsOut.writeInt(count);
            labelsOut.write(labels.readNBytes(count));
        }
    }

    private static DataInputStream gz(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return new DataInputStream(new GZIPInputStream(in));
    }

    private static DataOutputStream out(Path file) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        return new DataOutputStream(out);
    }
}
