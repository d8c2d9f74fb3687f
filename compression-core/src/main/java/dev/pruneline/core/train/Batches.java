package dev.pruneline.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.pruneline.core.CompressionException;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.data.ChannelNormalization;
import dev.pruneline.core.data.ImageSet;

/**
 * Turns slices of an {@link ImageSet} into normalised input and label arrays, refusing images whose shape is not
 * the model's input shape.
 */
final class Batches {
    private final ImageSet set;
    private final ChannelNormalization normalization;

    Batches(ImageSet set, ModelSpec spec) {
        this.set = set;
        if (!set.shape().toList().equals(spec.inputShape())) {
            throw new CompressionException("model '" + spec.name() + "' expects input " + spec.inputShape()
                    + " but the " + set.name() + " images are " + set.shape());
        }
        for (int label : set.labels()) {
            if (label >= spec.classes().size()) {
                throw new CompressionException("the " + set.name() + " split holds label " + label + " but model '"
                        + spec.name() + "' has only " + spec.classes().size() + " classes");
            }
        }
        this.normalization = ChannelNormalization.of(
                "model '" + spec.name() + "'",
                spec.normalization().mean(),
                spec.normalization().std(),
                set.channels());
    }

    /** Input array (n, channels, rows, cols) for the images at {@code indices[from..to)}. */
    NDArray images(NDManager m, int[] indices, int from, int to) {
        int px = set.imageSize();
        int plane = set.rows() * set.cols();
        float[] buf = new float[(to - from) * px];
        byte[] src = set.pixels();
        for (int i = from; i < to; i++) {
            int base = indices[i] * px;
            int dst = (i - from) * px;
            for (int c = 0; c < set.channels(); c++) {
                int offset = c * plane;
                for (int p = 0; p < plane; p++) {
                    buf[dst + offset + p] = normalization.apply(c, src[base + offset + p]);
                }
            }
        }
        return m.create(buf, new Shape(to - from, set.channels(), set.rows(), set.cols()));
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
