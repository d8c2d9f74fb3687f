package dev.pruneline.core.engine;

/**
 * The shape of one convolution as a model runs it (batch left out): what decides which kernels
 * libtorch picks, and so what {@link ConvKernelCheck} verifies.
 *
 * @param inChannels input channels (logical)
 * @param outChannels filters (logical)
 * @param kernelH kernel height
 * @param kernelW kernel width
 * @param strideH vertical stride
 * @param strideW horizontal stride
 * @param padH rows of zero padding on each side
 * @param padW columns of zero padding on each side
 * @param height input height
 * @param width input width
 * @param bias whether the convolution adds a bias
 */
public record ConvSignature(
        int inChannels,
        int outChannels,
        int kernelH,
        int kernelW,
        int strideH,
        int strideW,
        int padH,
        int padW,
        int height,
        int width,
        boolean bias) {

    /** Output height. */
    public int outHeight() {
        return (height + 2 * padH - kernelH) / strideH + 1;
    }

    /** Output width. */
    public int outWidth() {
        return (width + 2 * padW - kernelW) / strideW + 1;
    }

    /** E.g. {@code conv 25->28 k3x3 s1 p1 on 28x28}. */
    @Override
    public String toString() {
        return "conv " + inChannels + "->" + outChannels + " k" + kernelH + "x" + kernelW + " s" + strideH
                + (strideW != strideH ? "x" + strideW : "") + " p" + padH + (padW != padH ? "x" + padW : "")
                + " on " + height + "x" + width + (bias ? "" : " no bias");
    }
}
