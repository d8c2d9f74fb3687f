package dev.pruneline.core.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
    private AlignedConvolution() {
    }

    /**
     * The convolution of {@code x} (N, C, H, W) with {@code w} (F, C / groups, kh, kw) and the
     * optional bias {@code b} (F). Grouped convolutions and arrays off the CPU run unchanged.
     */
    public static NDArray conv2d(NDArray x, NDArray w, NDArray b, Shape stride, Shape padding, Shape dilation,
            int groups) {
        int filters = (int) w.getShape().get(0);
        int channels = (int) w.getShape().get(1);
        boolean strided = stride.get(0) > 1 || stride.get(1) > 1;
        int physicalIn = ChannelAlignment.inputChannels(channels, strided);
        int physicalOut = ChannelAlignment.outputChannels(filters);
        if (groups != 1 || x.getDevice().isGpu() || (physicalIn == channels && physicalOut == filters)) {
            return Conv2d.conv2d(x, w, b, stride, padding, dilation, groups).singletonOrThrow();
        }
        NDManager m = x.getManager();
        // Every intermediate is closed once used: autograd keeps what it needs by reference, and
        // inference frees the padded copies at once instead of when the caller's manager closes.
        try (NDList temporaries = new NDList()) {
            NDArray xp = x;
            NDArray wp = w;
            NDArray bp = b;
            long kh = w.getShape().get(2);
            long kw = w.getShape().get(3);
            if (physicalIn != channels) {
                Shape s = x.getShape();
                xp = keep(temporaries, x.concat(keep(temporaries,
                        m.zeros(new Shape(s.get(0), physicalIn - channels, s.get(2), s.get(3)))), 1));
                wp = keep(temporaries, wp.concat(keep(temporaries,
                        m.zeros(new Shape(filters, physicalIn - channels, kh, kw))), 1));
            }
            if (physicalOut != filters) {
                wp = keep(temporaries, wp.concat(keep(temporaries,
                        m.zeros(new Shape(physicalOut - filters, physicalIn, kh, kw))), 0));
                if (b != null) {
                    bp = keep(temporaries, b.concat(keep(temporaries, m.zeros(new Shape(physicalOut - filters))), 0));
                }
            }
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
