package dev.pruneline.core.data;

import java.util.List;

/**
 * The shape of one image as a network sees it: channels x height x width.
 *
 * @param channels 1 for grey-scale, 3 for RGB
 * @param rows image height
 * @param cols image width
 */
public record ImageShape(int channels, int rows, int cols) {

    public ImageShape {
        if (channels <= 0 || rows <= 0 || cols <= 0) {
            throw new DataException("an image shape needs positive sizes, got " + List.of(channels, rows, cols));
        }
    }

    /** The shape of a model input {@code [channels, height, width]}. */
    public static ImageShape of(List<Integer> chw) {
        if (chw.size() != 3) {
            throw new DataException("an image shape is [channels, height, width], got " + chw);
        }
        return new ImageShape(chw.get(0), chw.get(1), chw.get(2));
    }

    /** Bytes of one image: {@code channels * rows * cols}. */
    public int size() {
        return channels * rows * cols;
    }

    /** {@code [channels, rows, cols]}, the form of a model's {@code inputShape}. */
    public List<Integer> toList() {
        return List.of(channels, rows, cols);
    }

    /** {@code [c, h, w]}, as a model's input shape prints. */
    @Override
    public String toString() {
        return toList().toString();
    }
}
