package dev.pruneline.core.data;

/**
 * Labelled grey-scale images held as raw bytes (0-255), row-major, one image after the other.
 *
 * @param name split name for messages ({@code train}, {@code validation}, {@code test})
 * @param pixels {@code size * rows * cols} pixel values
 * @param labels one class index per image
 * @param rows image height
 * @param cols image width
 */
public record ImageSet(String name, byte[] pixels, int[] labels, int rows, int cols) {

    public ImageSet {
        if ((long) labels.length * rows * cols != pixels.length) {
            throw new DataException(name + ": " + labels.length + " labels do not match " + pixels.length
                    + " pixels of " + rows + "x" + cols + " images");
        }
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** Pixels per image. */
    public int imageSize() {
        return rows * cols;
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
        return new ImageSet(newName, px, lb, rows, cols);
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
