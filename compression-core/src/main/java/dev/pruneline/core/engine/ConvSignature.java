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
 * @param dilationH vertical dilation
 * @param dilationW horizontal dilation
 * @param groups channel groups (1: dense; the input width: depthwise)
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
        boolean bias,
        int dilationH,
        int dilationW,
        int groups) {

    /** A dense convolution without dilation. */
    public ConvSignature(
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
        this(inChannels, outChannels, kernelH, kernelW, strideH, strideW, padH, padW, height, width, bias, 1, 1, 1);
    }

    /** Output height. */
    public int outHeight() {
        return (height + 2 * padH - dilationH * (kernelH - 1) - 1) / strideH + 1;
    }

    /** Output width. */
    public int outWidth() {
        return (width + 2 * padW - dilationW * (kernelW - 1) - 1) / strideW + 1;
    }

    /** E.g. {@code conv 25->28 k3x3 s1 p1 on 28x28}, or {@code conv 32->32 k3x3 s2 p1 g32 on 16x16}. */
    @Override
    public String toString() {
        return "conv " + inChannels + "->" + outChannels + " k" + kernelH + "x" + kernelW + " s" + strideH
                + (strideW != strideH ? "x" + strideW : "") + " p" + padH + (padW != padH ? "x" + padW : "")
                + (dilationH > 1 || dilationW > 1
                        ? " d" + dilationH + (dilationW != dilationH ? "x" + dilationW : "")
                        : "")
                + (groups > 1 ? " g" + groups : "") + " on " + height + "x" + width + (bias ? "" : " no bias");
    }
}
