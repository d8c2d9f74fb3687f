package dev.pruneline.core.data;

import dev.pruneline.core.bundle.BundleArchive;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/** Small data sets written to disk by the tests: image files, CIFAR-10 batches, zips. */
final class DataSets {
    private DataSets() {}

    /** A {@code width x height} image of one RGB colour. */
    static BufferedImage rgb(int width, int height, int r, int g, int b) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    /** A {@code width x height} grey-scale image of one value. */
    static BufferedImage grey(int width, int height, int value) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.getRaster().setSample(x, y, 0, value);
            }
        }
        return img;
    }

    /** Writes {@code img} to {@code file} (folders created) in the format its extension names. */
    static Path write(Path file, BufferedImage img) {
        String name = file.getFileName().toString();
        String format = name.substring(name.lastIndexOf('.') + 1).replace("jpg", "jpeg");
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(img, format, file.toFile())) {
                throw new IllegalStateException("no " + format + " writer");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The byte at position {@code p} of plane {@code c} of CIFAR record {@code i}. */
    static byte cifarPixel(int i, int c, int p) {
        return (byte) (c * 80 + i * 7 + p);
    }

    /** CIFAR-10 batches: {@code trainFiles} train files and the test file, {@code perFile} records each. */
    static void cifar(Path dir, int trainFiles, int perFile) {
        int record = 0;
        for (int f = 1; f <= trainFiles; f++) {
            record = cifarFile(dir.resolve("data_batch_" + f + ".bin"), record, perFile);
        }
        cifarFile(dir.resolve("test_batch.bin"), record, perFile);
    }

    /** Records {@code from .. from + count - 1}: label {@code i % 10}, pixels {@link #cifarPixel}. */
    static int cifarFile(Path file, int from, int count) {
        byte[] bytes = new byte[count * 3073];
        for (int r = 0; r < count; r++) {
            int i = from + r;
            bytes[r * 3073] = (byte) (i % 10);
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 1024; p++) {
                    bytes[r * 3073 + 1 + c * 1024 + p] = cifarPixel(i, c, p);
                }
            }
        }
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return from + count;
    }

    /** An image tree: {@code classes} under train/ and test/, two colour PNGs a class in train, one in test. */
    static void tree(Path dir, List<String> classes) {
        for (int k = 0; k < classes.size(); k++) {
            int v = 40 * (k + 1);
            write(dir.resolve("train").resolve(classes.get(k)).resolve("a.png"), rgb(6, 4, v, 255 - v, 7));
            write(dir.resolve("train").resolve(classes.get(k)).resolve("b.png"), rgb(6, 4, v, 0, 200));
            write(dir.resolve("test").resolve(classes.get(k)).resolve("t.png"), rgb(6, 4, v, 255 - v, 7));
        }
    }

    /** Zips the content of {@code dir} into {@code zip}. */
    static Path zip(Path dir, Path zip) {
        BundleArchive.zip(dir, zip);
        return zip;
    }

    /** A zip holding one entry of the given name. */
    static Path zipWithEntry(Path zip, String name) {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry(name));
            out.write(new byte[] {1, 2, 3});
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zip;
    }
}
