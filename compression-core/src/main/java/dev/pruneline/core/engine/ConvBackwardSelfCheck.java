package dev.pruneline.core.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Detects libtorch's stale-memory conv backward: the gradients of a tiny convolution are computed
 * twice from the same inputs, once after freeing memory filled with zeros and once after freeing
 * memory filled with NaN (then 1000), and compared bit for bit. Any difference means the backward
 * pass reads memory it never wrote. The caller must hold {@link GradientLock}.
 */
public final class ConvBackwardSelfCheck {
    /** Conv shapes probed: {in, out, kernel, size}; pruning produces exactly such channel counts. */
    static final int[][] SHAPES = {{6, 8, 5, 14}, {16, 6, 3, 5}, {6, 6, 5, 14}, {3, 8, 5, 14}};
    static final int TRIALS = 3;
    private static final int BATCH = 8;

    private ConvBackwardSelfCheck() {
    }

    /**
     * Outcome of the check.
     *
     * @param passed true when every probe gave identical gradients
     * @param mismatches descriptions of the probes that differed
     * @param millis time spent
     */
    public record Result(boolean passed, List<String> mismatches, long millis) {
    }

    /** A convolution whose backward pass the check probes: output of {@code x} through {@code w}, {@code b}. */
    @FunctionalInterface
    interface Convolution {
        NDArray forward(NDArray x, NDArray w, NDArray b);
    }

    /** Runs every probe on libtorch's conv2d; a fraction of a second. */
    public static Result run() {
        return run((x, w, b) -> Conv2d.conv2d(x, w, b).singletonOrThrow());
    }

    /** Runs every probe on {@code conv}; tests pass a kernel known to read memory it never wrote. */
    static Result run(Convolution conv) {
        long start = System.nanoTime();
        List<String> mismatches = new ArrayList<>();
        try (NDManager base = NDManager.newBaseManager()) {
            for (int[] s : SHAPES) {
                for (int t = 0; t < TRIALS; t++) {
                    float fill = t % 2 == 0 ? Float.NaN : 1000f;
                    float[] a = gradients(base, conv, s, t, 0f);
                    float[] b = gradients(base, conv, s, t, fill);
                    if (!Arrays.equals(a, b)) {
                        mismatches.add("conv in=" + s[0] + " out=" + s[1] + " k=" + s[2] + " trial " + t
                                + " (stale memory " + fill + "): " + differing(a, b) + " of " + a.length
                                + " gradient values differ");
                    }
                }
            }
        }
        return new Result(mismatches.isEmpty(), List.copyOf(mismatches), (System.nanoTime() - start) / 1_000_000);
    }

    private static int differing(float[] a, float[] b) {
        int d = 0;
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToIntBits(a[i]) != Float.floatToIntBits(b[i])) {
                d++;
            }
        }
        return d;
    }

    private static float[] gradients(NDManager base, Convolution conv, int[] s, long seed, float staleValue) {
        pollute(base, s, staleValue);
        try (NDManager m = base.newSubManager()) {
            Random rnd = new Random(seed * 31 + s[0] * 7L + s[1]);
            NDArray x = m.create(random(rnd, BATCH * s[0] * s[3] * s[3]), new Shape(BATCH, s[0], s[3], s[3]));
            NDArray w = m.create(random(rnd, s[1] * s[0] * s[2] * s[2]), new Shape(s[1], s[0], s[2], s[2]));
            NDArray b = m.create(random(rnd, s[1]), new Shape(s[1]));
            x.setRequiresGradient(true);
            w.setRequiresGradient(true);
            b.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = conv.forward(x, w, b);
                NDArray up = m.create(random(rnd, (int) y.size()), y.getShape());
                gc.backward(y.mul(up).sum());
            }
            float[] gw = w.getGradient().toFloatArray();
            float[] gx = x.getGradient().toFloatArray();
            float[] gb = b.getGradient().toFloatArray();
            float[] all = Arrays.copyOf(gw, gw.length + gx.length + gb.length);
            System.arraycopy(gx, 0, all, gw.length, gx.length);
            System.arraycopy(gb, 0, all, gw.length + gx.length, gb.length);
            return all;
        }
    }

    /** Allocates blocks of the sizes the backward pass will ask for, fills them, and frees them. */
    private static void pollute(NDManager base, int[] s, float value) {
        long[] sizes = {
            (long) BATCH * s[0] * s[3] * s[3], (long) s[1] * s[0] * s[2] * s[2], (long) BATCH * s[1] * s[3] * s[3],
            (long) BATCH * s[0] * s[2] * s[2] * s[3] * s[3], 1 << 16, 1 << 20,
        };
        try (NDManager m = base.newSubManager()) {
            for (int r = 0; r < 2; r++) {
                for (long n : sizes) {
                    m.full(new Shape(n), value);
                }
            }
        }
    }

    private static float[] random(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }
}
