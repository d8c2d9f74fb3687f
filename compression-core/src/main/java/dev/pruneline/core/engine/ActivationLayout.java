package dev.pruneline.core.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Collection;

/**
 * The memory layout of a model's activations on the oneDNN path. Channels-last (NHWC) lets oneDNN
 * run its convolutions without reordering every input, output and gradient between PyTorch's plain
 * NCHW layout and its blocked formats; batch norm, ReLU, pooling and residual sums follow the
 * layout of their input. Only the memory order changes: shapes, values and gradients are those of
 * the plain layout.
 *
 * <p>A model runs channels-last when every convolution runs at its logical widths
 * ({@link ChannelAlignment}): a convolution whose output is cut back to a width that is not a
 * multiple of 16 leaves a strided channels-last view that every following layer copies, which costs
 * more than the reorders save. {@code engine-bench} shows the gain where widths are aligned: its
 * {@code onednn-unaligned} rows run the same convolutions in NCHW (docs/compression-benchmark.md).
 */
public enum ActivationLayout {
    /** NCHW, PyTorch's default. */
    PLAIN("nchw"),
    /** NHWC memory order for (N, C, H, W) arrays. */
    CHANNELS_LAST("nhwc");

    private final String label;

    ActivationLayout(String label) {
        this.label = label;
    }

    /** {@code nchw} or {@code nhwc}. */
    public String label() {
        return label;
    }

    /** Channels-last when the model has convolutions and all of them run at their logical widths. */
    public static ActivationLayout forConvolutions(Collection<ConvSignature> convolutions) {
        boolean aligned = !convolutions.isEmpty() && convolutions.stream().allMatch(ChannelAlignment::isAligned);
        return aligned ? CHANNELS_LAST : PLAIN;
    }

    /**
     * {@code x} in this layout: for {@link #CHANNELS_LAST} a 4-D CPU array becomes a copy with the
     * same shape and values in NHWC memory order (a gradient flows back through the copy); anything
     * else, and every array under {@link #PLAIN}, is returned as it is.
     */
    public NDArray apply(NDArray x) {
        Shape s = x.getShape();
        if (this == PLAIN || s.dimension() != 4 || x.getDevice().isGpu()) {
            return x;
        }
        // (N,C,H,W) -> (N,H,W,C) view -> dense copy -> (N,C,H,W) view with NHWC strides. Closing the
        // intermediate handles leaves the storage to the result (and to autograd).
        try (NDArray nhwcView = x.transpose(0, 2, 3, 1);
                NDArray dense = nhwcView.reshape(s.get(0), -1);
                NDArray nhwc = dense.reshape(s.get(0), s.get(2), s.get(3), s.get(1))) {
            return nhwc.transpose(0, 3, 1, 2);
        }
    }
}
