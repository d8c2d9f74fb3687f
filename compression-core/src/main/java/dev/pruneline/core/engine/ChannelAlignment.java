package dev.pruneline.core.engine;

/**
 * The physical channel widths at which oneDNN convolutions run, whatever the logical widths of the
 * model. oneDNN's AVX/AVX-512 kernels work on channel blocks of 16 (32 for the weights of strided
 * backward-data kernels) and pad a width that is not a multiple of the block; on some CPUs (seen on
 * AMD EPYC Zen 5 with libtorch 2.7.1) the padded lanes make forward and backward results wrong.
 * Running the convolution at aligned widths, with zero input channels, zero filters and a zero bias
 * beyond the logical width, computes the same function with no padded lanes; oneDNN computes the
 * padded width anyway, so the extra channels cost little.
 *
 * <p>The rule, from probes of random shapes against the reference path (in and out widths 1-144,
 * kernels 1/3/5, strides 1/2, batches 1-64; 0 of 2,300 wrong with it, docs/architecture.md):
 * <ul>
 *   <li>output channels: a multiple of 16, first layers included (their weight gradient came out
 *       NaN in a pipeline run when their output width was left unaligned);</li>
 *   <li>input channels: unchanged below 16 (oneDNN reads such inputs in plain layout, as for the
 *       first layer's 1 or 3 channels), else a multiple of 16, and of 32 for strided convolutions
 *       (their backward-data kernel blocks the input channels by 32).</li>
 * </ul>
 * The rule is evidence, not proof: {@link ConvKernelCheck} verifies every shape a model runs
 * before the engine trusts it.
 */
public final class ChannelAlignment {
    /** oneDNN's channel block for f32 on AVX-512. */
    static final int BLOCK = 16;
    /** Input-channel block of strided backward-data kernels. */
    static final int STRIDED_INPUT_BLOCK = 32;

    private ChannelAlignment() {}

    /** Physical output channels for {@code channels} logical ones. */
    public static int outputChannels(int channels) {
        return roundUp(channels, BLOCK);
    }

    /** Physical input channels for {@code channels} logical ones of a convolution with the given stride. */
    public static int inputChannels(int channels, boolean strided) {
        if (channels < BLOCK) {
            return channels;
        }
        return roundUp(channels, strided && channels > STRIDED_INPUT_BLOCK ? STRIDED_INPUT_BLOCK : BLOCK);
    }

    /** Whether {@code s} runs at its logical widths (nothing to pad or cut back). */
    public static boolean isAligned(ConvSignature s) {
        boolean strided = s.strideH() > 1 || s.strideW() > 1;
        return inputChannels(s.inChannels(), strided) == s.inChannels()
                && outputChannels(s.outChannels()) == s.outChannels();
    }

    private static int roundUp(int v, int q) {
        return (v + q - 1) / q * q;
    }
}
