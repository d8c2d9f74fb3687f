package dev.pruneline.core.prune;

import dev.pruneline.core.bundle.Tensor;
import java.util.Arrays;

/** Keeping or zeroing index blocks along one axis of a row-major {@link Tensor}. */
final class TensorSlicing {
    private TensorSlicing() {}

    /**
     * The tensor with only the given channels along {@code axis}; channel {@code c} owns the
     * {@code block} consecutive indices {@code [c*block, (c+1)*block)} of that axis.
     */
    static Tensor keep(Tensor t, int axis, int[] channels, int block) {
        int[] shape = t.shape();
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= shape[i];
        }
        int inner = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        int axisLen = shape[axis];
        int[] newShape = shape.clone();
        newShape[axis] = channels.length * block;
        float[] src = t.data();
        float[] dst = new float[(int) Tensor.elementCount(newShape)];
        int run = block * inner;
        int pos = 0;
        for (int o = 0; o < outer; o++) {
            int base = o * axisLen * inner;
            for (int c : channels) {
                System.arraycopy(src, base + c * run, dst, pos, run);
                pos += run;
            }
        }
        return new Tensor(t.name(), newShape, dst);
    }

    /** The tensor with the given channels along {@code axis} set to zero. */
    static Tensor zero(Tensor t, int axis, int[] channels) {
        int[] shape = t.shape();
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= shape[i];
        }
        int inner = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        float[] data = t.data().clone();
        for (int o = 0; o < outer; o++) {
            int base = o * shape[axis] * inner;
            for (int c : channels) {
                Arrays.fill(data, base + c * inner, base + (c + 1) * inner, 0f);
            }
        }
        return new Tensor(t.name(), shape.clone(), data);
    }
}
