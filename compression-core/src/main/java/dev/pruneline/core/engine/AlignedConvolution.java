package dev.pruneline.core.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * A 2-D convolution computed at the physical widths of {@link ChannelAlignment}: the input, the
 * weight and the bias get zero channels up to the aligned widths, the convolution runs, and the
 * output is cut back to the logical filters. The result and its gradients (autograd sees the
 * padding and the cut) are those of the plain convolution; only the kernels libtorch picks differ.
 */
public final class AlignedConvolution {
    private AlignedConvolution() {}

    /**
     * The convolution of {@code x} (N, C, H, W) with {@code w} (F, C / groups, kh, kw) and the
     * optional bias {@code b} (F). Grouped convolutions and arrays off the CPU run unchanged.
     */
    public static NDArray conv2d(
            NDArray x, NDArray w, NDArray b, Shape stride, Shape padding, Shape dilation, int groups) {
        int filters = (int) w.getShape().get(0);
        int channels = (int) w.getShape().get(1);
        boolean strided = stride.get(0) > 1 || stride.get(1) > 1;
        int physicalIn = ChannelAlignment.inputChannels(channels, strided);
        int physicalOut = ChannelAlignment.outputChannels(filters);
        if (groups != 1 || x.getDevice().isGpu() || (physicalIn == channels && physicalOut == filters)) {
            return Conv2d.conv2d(x, w, b, stride, padding, dilation, groups).singletonOrThrow();
        }
        int extraIn = physicalIn - channels;
        int extraOut = physicalOut - filters;
        // Every intermediate is closed once used: autograd keeps what it needs by reference, and
        // inference frees the padded copies at once instead of when the caller's manager closes.
        // Padding widths are (before, after) pairs from the last axis back, as in torch.nn.functional.pad.
        try (NDList temporaries = new NDList()) {
            NDArray xp = extraIn == 0 ? x : keep(temporaries, x.pad(new Shape(0, 0, 0, 0, 0, extraIn), 0));
            NDArray wp = keep(temporaries, w.pad(new Shape(0, 0, 0, 0, 0, extraIn, 0, extraOut), 0));
            NDArray bp = b == null || extraOut == 0 ? b : keep(temporaries, b.pad(new Shape(0, extraOut), 0));
            NDArray y = Conv2d.conv2d(xp, wp, bp, stride, padding, dilation, 1).singletonOrThrow();
            if (physicalOut == filters) {
                return y;
            }
            keep(temporaries, y);
            return y.get(new NDIndex(":, 0:{}", filters));
        }
    }

    private static NDArray keep(NDList temporaries, NDArray a) {
        temporaries.add(a);
        return a;
    }
}
