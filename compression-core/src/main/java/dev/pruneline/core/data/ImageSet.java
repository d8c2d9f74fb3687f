package dev.pruneline.core.data;

/**
 * Labelled images held as raw bytes (0-255), one image after the other; within an image channel-major
 * ({@code channels x rows x cols}: the whole first channel row by row, then the next channel).
 *
 * @param name split name for messages ({@code train}, {@code validation}, {@code test})
 * @param pixels {@code size * channels * rows * cols} pixel values
 * @param labels one class index per image
 * @param channels 1 for grey-scale, 3 for RGB (R, G, B planes)
 * @param rows image height
 * @param cols image width
 */
public record ImageSet(String name, byte[] pixels, int[] labels, int channels, int rows, int cols) {

    public ImageSet {
        if (channels <= 0 || rows <= 0 || cols <= 0) {
            throw new DataException(
                    name + ": images must have positive sizes, got " + channels + "x" + rows + "x" + cols);
        }
        if ((long) labels.length * channels * rows * cols != pixels.length) {
            throw new DataException(name + ": " + labels.length + " labels do not match " + pixels.length
                    + " pixels of " + channels + "x" + rows + "x" + cols + " images");
        }
    }

    /** One-channel (grey-scale) images, as the IDX files hold. */
    public static ImageSet grey(String name, byte[] pixels, int[] labels, int rows, int cols) {
        return new ImageSet(name, pixels, labels, 1, rows, cols);
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** Bytes per image: {@code channels * rows * cols}. */
    public int imageSize() {
        return channels * rows * cols;
    }

    /** The shape of one image. */
    public ImageShape shape() {
        return new ImageShape(channels, rows, cols);
    }

    /** A subset holding the images at the given indices, in that order. */
    public ImageSet select(String newName, int[] indices) {
        int n = imageSize();
        byte[] px = new byte[indices.length * n];
        int[] lb = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * n, px, i * n, n);
            lb[i] = labels[indices[i]];
        }
        return new ImageSet(newName, px, lb, channels, rows, cols);
    }

    /** The first {@code count} images (all if fewer). */
    public ImageSet head(int count) {
        int c = Math.min(count, size());
        int[] idx = new int[c];
        for (int i = 0; i < c; i++) {
            idx[i] = i;
        }
        return select(name, idx);
    }
}
