package dev.pruneline.core.criteria;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Per-batch reductions of layer outputs to per-image, per-channel numbers (no whole-set buffers). */
final class ChannelReductions {
    private ChannelReductions() {}

    /** A (batch, channels, positions) view of a (batch, channels, h, w) or (batch, features) output. */
    static NDArray perChannel(NDArray a) {
        Shape s = a.getShape();
        long positions = 1;
        for (int i = 2; i < s.dimension(); i++) {
            positions *= s.get(i);
        }
        return a.reshape(s.get(0), s.get(1), positions);
    }

    /** Positions per channel (h * w, or 1 for a linear output). */
    static long positions(NDArray a) {
        return perChannel(a).getShape().get(2);
    }

    /** Per-image, per-channel mean over positions (global average pooling), row-major (batch, channels). */
    static float[] globalAverage(NDArray a) {
        NDArray v = perChannel(a);
        return v.sum(new int[] {2}).div(v.getShape().get(2)).toFloatArray();
    }

    /** Adds {@code values} (row-major (batch, channels)) column-wise into {@code sums}. */
    static void addColumns(double[] sums, float[] values) {
        int c = sums.length;
        for (int i = 0; i < values.length; i++) {
            sums[i % c] += values[i];
        }
    }
}
