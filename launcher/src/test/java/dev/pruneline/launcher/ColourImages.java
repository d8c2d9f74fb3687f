package dev.pruneline.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A small synthetic RGB data set of ten visually separable classes, each a colour of its own with a little noise,
 * written as CIFAR-10 binary batches (a label byte, then 32x32 red, green and blue planes per image).
 */
final class ColourImages {

    static final int SIDE = 32;
    static final int CLASSES = 10;

    private ColourImages() {}

    /** {@code data_batch_1.bin} with {@code trainPerClass} and {@code test_batch.bin} with {@code testPerClass} images per class. */
    static Path write(Path dir, int trainPerClass, int testPerClass) throws IOException {
        Files.createDirectories(dir);
        writeBatch(dir.resolve("data_batch_1.bin"), trainPerClass, 1);
        writeBatch(dir.resolve("test_batch.bin"), testPerClass, 2);
        return dir;
    }

    /** One image of class {@code label} in [0, 1], channel planes first, as a model with input (3, 32, 32) reads it. */
    static float[] image(int label, long seed) {
        byte[] bytes = pixels(label, new Random(seed));
        float[] image = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            image[i] = (bytes[i] & 0xff) / 255f;
        }
        return image;
    }

    private static void writeBatch(Path file, int perClass, long seed) throws IOException {
        Random random = new Random(seed);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < perClass * CLASSES; i++) {
                int label = i % CLASSES;
                out.write(label);
                out.write(pixels(label, random));
            }
        }
    }

    private static byte[] pixels(int label, Random random) {
        int[] rgb = {(label % 3) * 110 + 20, ((label / 3) % 3) * 110 + 20, label == 9 ? 235 : (label % 2) * 200 + 20};
        byte[] planes = new byte[3 * SIDE * SIDE];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < SIDE * SIDE; i++) {
                int v = rgb[c] + random.nextInt(31) - 15;
                planes[c * SIDE * SIDE + i] = (byte) Math.max(0, Math.min(255, v));
            }
        }
        return planes;
    }
}
