package dev.pruneline.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.pruneline.core.CompressionException;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.data.ImageSet;

/** Turns slices of an {@link ImageSet} into normalised input and label arrays. */
final class Batches {
    private final ImageSet set;
    private final float mean;
    private final float std;

    Batches(ImageSet set, ModelSpec spec) {
        this.set = set;
        if (spec.inputShape().get(0) != 1
                || spec.inputShape().get(1) != set.rows()
                || spec.inputShape().get(2) != set.cols()) {
            throw new CompressionException("model '" + spec.name() + "' expects input " + spec.inputShape()
                    + " but the " + set.name() + " images are [1, " + set.rows() + ", " + set.cols() + "]");
        }
        for (int label : set.labels()) {
            if (label >= spec.classes().size()) {
                throw new CompressionException("the " + set.name() + " split holds label " + label + " but model '"
                        + spec.name() + "' has only " + spec.classes().size() + " classes");
            }
        }
        this.mean = spec.normalization().mean().get(0).floatValue();
        this.std = spec.normalization().std().get(0).floatValue();
    }

    /** Input array (n, 1, rows, cols) for the images at {@code indices[from..to)}. */
    NDArray images(NDManager m, int[] indices, int from, int to) {
        int px = set.imageSize();
        float[] buf = new float[(to - from) * px];
        byte[] src = set.pixels();
        for (int i = from; i < to; i++) {
            int base = indices[i] * px;
            int dst = (i - from) * px;
            for (int p = 0; p < px; p++) {
                buf[dst + p] = ((src[base + p] & 0xff) / 255f - mean) / std;
            }
        }
        return m.create(buf, new Shape(to - from, 1, set.rows(), set.cols()));
    }

    /** Label array (n) as int32 class indices. */
    NDArray labels(NDManager m, int[] indices, int from, int to) {
        int[] out = new int[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = set.labels()[indices[i]];
        }
        return m.create(out);
    }

    int size() {
        return set.size();
    }
}
