package dev.pruneline.core.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Verifies one convolution shape on a candidate path against the reference path (oneDNN off):
 * forward output and the gradients of input, weight and bias, on seeded random data, must agree
 * within {@value #TOLERANCE} of the reference's largest magnitude. The candidate runs twice, after
 * freed native memory was filled with NaN and with 1000, so a kernel that reads memory it never
 * wrote fails as surely as one that computes the wrong thing. The caller must hold
 * {@link GradientLock}; the oneDNN switch is left off.
 */
public final class ConvKernelCheck {
    /** Largest accepted difference, relative to the reference's largest absolute value. */
    static final double TOLERANCE = 1e-4;

    static final int BATCH = 8;
    /** Largest block (floats) filled with stale values before a trial. */
    private static final long MAX_POLLUTION = 1 << 24;

    private static final float[] STALE_FILLS = {Float.NaN, 1000f};
    private static final String[] OUTPUTS = {"output", "input gradient", "weight gradient", "bias gradient"};

    private ConvKernelCheck() {}

    /** A convolution under test: {@code x} through {@code w} and {@code b} (null without bias). */
    @FunctionalInterface
    public interface Kernel {
        NDArray forward(NDArray x, NDArray w, NDArray b, ConvSignature s);
    }

    /** The fast path's kernel on plain (NCHW) activations: the convolution at aligned channel widths. */
    public static final Kernel ALIGNED = aligned(ActivationLayout.PLAIN);

    /** The fast path's kernel on activations in {@code layout}, as a model in that layout runs it. */
    public static Kernel aligned(ActivationLayout layout) {
        return (x, w, b, s) -> {
            NDArray in = layout.apply(x);
            NDArray y = AlignedConvolution.conv2d(in, w, b, stride(s), padding(s), dilation(s), s.groups());
            if (in != x) {
                in.close();
            }
            return y;
        };
    }

    /** Plain libtorch: the convolution at the logical widths. */
    public static final Kernel UNALIGNED = ConvKernelCheck::plain;

    /**
     * Outcome for one shape.
     *
     * @param shape the shape checked
     * @param passed whether every output agreed in every trial
     * @param mismatches what differed, e.g. {@code input gradient off by 0.43 (stale memory NaN)}
     * @param millis time spent
     */
    public record Result(ConvSignature shape, boolean passed, List<String> mismatches, long millis) {}

    /** Checks {@code kernel} (run with oneDNN on) on {@code shape} against the reference. */
    public static Result check(ConvSignature shape, Kernel kernel) {
        long start = System.nanoTime();
        List<String> mismatches = new ArrayList<>();
        try (NDManager base = NDManager.newBaseManager()) {
            Inputs in = Inputs.random(base, shape);
            TorchSwitches.setOneDnn(false);
            float[][] reference = run(base, in, shape, ConvKernelCheck::plain, 0f, true);
            TorchSwitches.setOneDnn(true);
            try {
                for (float fill : STALE_FILLS) {
                    // With and without an input gradient: kernels may take another path without it.
                    for (boolean inputGradient : new boolean[] {true, false}) {
                        float[][] got = run(base, in, shape, kernel, fill, inputGradient);
                        for (int o = 0; o < OUTPUTS.length; o++) {
                            double d = got[o] == null ? 0 : relativeDifference(reference[o], got[o]);
                            if (!(d <= TOLERANCE)) {
                                mismatches.add(String.format(
                                        Locale.ROOT,
                                        "%s off by %.3g (stale memory %s%s)",
                                        OUTPUTS[o],
                                        d,
                                        fill,
                                        inputGradient ? "" : ", no input gradient"));
                            }
                        }
                    }
                }
            } finally {
                TorchSwitches.setOneDnn(false);
            }
        }
        return new Result(
                shape, mismatches.isEmpty(), List.copyOf(mismatches), (System.nanoTime() - start) / 1_000_000);
    }

    /** max |a - b| / max |a|; NaN when either holds a NaN. */
    static double relativeDifference(float[] reference, float[] got) {
        double scale = 1e-12;
        double diff = 0;
        for (int i = 0; i < reference.length; i++) {
            scale = Math.max(scale, Math.abs(reference[i]));
            double d = Math.abs((double) reference[i] - got[i]);
            if (Double.isNaN(d)) {
                return Double.NaN;
            }
            diff = Math.max(diff, d);
        }
        return diff / scale;
    }

    /** Output and gradients of input, weight and bias; the input gradient is null when not asked for. */
    private static float[][] run(
            NDManager base, Inputs in, ConvSignature s, Kernel kernel, float staleValue, boolean inputGradient) {
        pollute(base, s, staleValue);
        try (NDManager m = base.newSubManager()) {
            NDArray x = in.x.duplicate();
            NDArray w = in.w.duplicate();
            NDArray b = in.b == null ? null : in.b.duplicate();
            x.attach(m);
            w.attach(m);
            x.setRequiresGradient(inputGradient);
            w.setRequiresGradient(true);
            if (b != null) {
                b.attach(m);
                b.setRequiresGradient(true);
            }
            float[] y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = kernel.forward(x, w, b, s);
                y = out.toFloatArray();
                gc.backward(out.mul(in.upstream).sum());
            }
            float[] gb = b == null ? new float[0] : b.getGradient().toFloatArray();
            float[] gx = inputGradient ? x.getGradient().toFloatArray() : null;
            return new float[][] {y, gx, w.getGradient().toFloatArray(), gb};
        }
    }

    /** Allocates blocks about the sizes the kernels will ask for, fills them, and frees them. */
    private static void pollute(NDManager base, ConvSignature s, float value) {
        long in = (long) BATCH * (s.inChannels() + 32) * s.height() * s.width();
        long out = (long) BATCH * (s.outChannels() + 32) * s.outHeight() * s.outWidth();
        long cols = (long) BATCH * (s.inChannels() + 32) * s.kernelH() * s.kernelW() * s.outHeight() * s.outWidth();
        try (NDManager m = base.newSubManager()) {
            for (int r = 0; r < 2; r++) {
                for (long n : new long[] {in, out, cols, 1 << 12, 1 << 16, 1 << 20}) {
                    m.full(new Shape(Math.min(n, MAX_POLLUTION)), value);
                }
            }
        }
    }

    private static NDArray plain(NDArray x, NDArray w, NDArray b, ConvSignature s) {
        return Conv2d.conv2d(x, w, b, stride(s), padding(s), dilation(s), s.groups())
                .singletonOrThrow();
    }

    private static Shape stride(ConvSignature s) {
        return new Shape(s.strideH(), s.strideW());
    }

    private static Shape dilation(ConvSignature s) {
        return new Shape(s.dilationH(), s.dilationW());
    }

    private static Shape padding(ConvSignature s) {
        return new Shape(s.padH(), s.padW());
    }

    /** Seeded random inputs, weights, bias and upstream gradient for one shape. */
    private record Inputs(NDArray x, NDArray w, NDArray b, NDArray upstream) {
        static Inputs random(NDManager m, ConvSignature s) {
            Random rnd = new Random(s.hashCode());
            NDArray x = gaussian(m, rnd, new Shape(BATCH, s.inChannels(), s.height(), s.width()));
            NDArray w =
                    gaussian(m, rnd, new Shape(s.outChannels(), s.inChannels() / s.groups(), s.kernelH(), s.kernelW()));
            NDArray b = s.bias() ? gaussian(m, rnd, new Shape(s.outChannels())) : null;
            NDArray up = gaussian(m, rnd, new Shape(BATCH, s.outChannels(), s.outHeight(), s.outWidth()));
            return new Inputs(x, w, b, up);
        }

        private static NDArray gaussian(NDManager m, Random rnd, Shape shape) {
            float[] v = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rnd.nextGaussian();
            }
            return m.create(v, shape);
        }
    }
}
