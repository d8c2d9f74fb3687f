package dev.pruneline.core.measure;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.deadline.JobDeadline;
import dev.pruneline.core.engine.EngineMode;
import dev.pruneline.core.engine.EngineSetup;
import dev.pruneline.core.model.LoadedModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Measures forward-pass latency (Torch-Pruning's {@code utils/benchmark.py}: measure, don't
 * assume): a fixed random input, {@code warmup} untimed passes, then the median of {@code repeats}
 * timed passes, each forcing the result to Java memory so the work is really done. Thread count
 * is DJL's {@code ai.djl.pytorch.num_threads} and is reported with every result.
 */
public final class LatencyProbe {
    /** Default warm-up passes. */
    public static final int WARMUP = 5;
    /** Default timed repeats. */
    public static final int REPEATS = 21;

    private LatencyProbe() {}

    /** Latency at one batch size with the default warm-up and repeats. */
    public static Latency measure(ModelBundle bundle, int batch) {
        return measure(bundle, batch, WARMUP, REPEATS);
    }

    /**
     * Latency of several models at one batch size, measured interleaved (A, B, A, B, ...) so that
     * drifting load from other processes on the machine hits every model alike: the fair way to
     * compare a model before and after pruning on a shared machine.
     */
    public static List<Latency> compare(List<ModelBundle> bundles, int batch, int warmup, int repeats) {
        EngineMode mode = EngineSetup.start();
        List<LoadedModel> models = new ArrayList<>();
        try {
            for (ModelBundle b : bundles) {
                models.add(LoadedModel.of(b));
            }
            double[][] times = new double[models.size()][repeats];
            for (int i = 0; i < warmup + repeats; i++) {
                for (int m = 0; m < models.size(); m++) {
                    double t = once(models.get(m), batch);
                    if (i >= warmup) {
                        times[m][i - warmup] = t;
                    }
                }
            }
            List<Latency> out = new ArrayList<>();
            for (double[] t : times) {
                Arrays.sort(t);
                out.add(new Latency(batch, t[repeats / 2], t[0], repeats, mode.threads(), "cpu()"));
            }
            return out;
        } finally {
            models.forEach(LoadedModel::close);
        }
    }

    private static double once(LoadedModel model, int batch) {
        int[] in =
                model.spec().inputShape().stream().mapToInt(Integer::intValue).toArray();
        float[] px = new float[batch * in[0] * in[1] * in[2]];
        Random rnd = new Random(1);
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) rnd.nextGaussian();
        }
        JobDeadline.checkpoint("measuring latency");
        try (NDManager step = model.manager().newSubManager()) {
            NDArray x = step.create(px, new Shape(batch, in[0], in[1], in[2]));
            ParameterStore ps = new ParameterStore(step, false);
            long t0 = System.nanoTime();
            model.block().forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    /** Latency at one batch size. */
    public static Latency measure(ModelBundle bundle, int batch, int warmup, int repeats) {
        EngineMode mode = EngineSetup.start();
        try (LoadedModel model = LoadedModel.of(bundle);
                NDManager bm = model.manager().newSubManager()) {
            int[] in = bundle.spec().inputShape().stream()
                    .mapToInt(Integer::intValue)
                    .toArray();
            float[] px = new float[batch * in[0] * in[1] * in[2]];
            Random rnd = new Random(1);
            for (int i = 0; i < px.length; i++) {
                px[i] = (float) rnd.nextGaussian();
            }
            Shape shape = new Shape(batch, in[0], in[1], in[2]);
            ParameterStore ps = new ParameterStore(bm, false);
            double[] times = new double[repeats];
            for (int i = 0; i < warmup + repeats; i++) {
                try (NDManager step = bm.newSubManager()) {
                    NDArray x = step.create(px, shape);
                    long t0 = System.nanoTime();
                    NDArray y = model.block().forward(ps, new NDList(x), false).singletonOrThrow();
                    y.toFloatArray();
                    long t1 = System.nanoTime();
                    if (i >= warmup) {
                        times[i - warmup] = (t1 - t0) / 1e6;
                    }
                }
            }
            Arrays.sort(times);
            return new Latency(
                    batch,
                    times[repeats / 2],
                    times[0],
                    repeats,
                    mode.threads(),
                    bm.getDevice().toString());
        }
    }
}
