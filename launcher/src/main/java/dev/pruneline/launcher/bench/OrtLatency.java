package dev.pruneline.launcher.bench;

import dev.pruneline.core.measure.Latency;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Forward latency in ONNX Runtime, as {@link dev.pruneline.core.measure.LatencyProbe#compare} measures the engine:
 * one fixed random input, {@code warmup} untimed runs, then the median of {@code repeats} timed runs, the models
 * interleaved (A, B, A, B, ...) so that drifting load on a shared machine hits each alike.
 */
final class OrtLatency {
    /** What {@link Latency#device()} holds for these timings. */
    static final String DEVICE = "onnxruntime cpu";

    private OrtLatency() {}

    /** Latency of each model at one batch size, in the order given. */
    static List<Latency> compare(List<OrtModel> models, int batch, int warmup, int repeats) {
        if (repeats < 1 || warmup < 0) {
            throw new IllegalArgumentException("repeats must be positive and warm-up not negative");
        }
        double[][] times = new double[models.size()][repeats];
        List<float[]> inputs = new ArrayList<>();
        for (OrtModel m : models) {
            inputs.add(randomInput(m.imageSize() * batch));
        }
        for (int i = 0; i < warmup + repeats; i++) {
            for (int m = 0; m < models.size(); m++) {
                double t = models.get(m).timeOnce(inputs.get(m), batch);
                if (i >= warmup) {
                    times[m][i - warmup] = t;
                }
            }
        }
        List<Latency> out = new ArrayList<>();
        for (int m = 0; m < models.size(); m++) {
            double[] t = times[m];
            Arrays.sort(t);
            out.add(new Latency(
                    batch, t[repeats / 2], t[0], repeats, models.get(m).threads(), DEVICE));
        }
        return out;
    }

    private static float[] randomInput(int size) {
        float[] px = new float[size];
        Random rnd = new Random(1);
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) rnd.nextGaussian();
        }
        return px;
    }
}
