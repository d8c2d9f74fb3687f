package dev.pruneline.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.pruneline.core.bundle.LayerSpec;
import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.data.ImageSet;
import dev.pruneline.core.deadline.JobDeadline;
import dev.pruneline.core.model.LoadedModel;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Re-estimates batch-norm running statistics after surgery: removing channels changes what every
 * later batch-norm sees, and the stored means and variances no longer fit. Runs the first
 * {@code images} training images through the model in training mode (each batch-norm normalises
 * with batch statistics, as during training) and sets each running mean and variance to the exact
 * mean and unbiased variance of its input over all those images. No weights change.
 */
public final class BatchNormCalibration {
    private static final int BATCH = 128;

    private BatchNormCalibration() {}

    /** Recalibrates every batch-norm of {@code model} in place; returns the number of batch-norms. */
    public static int recalibrate(LoadedModel model, ImageSet images, int maxImages) {
        List<LayerSpec> layers = model.spec().layers();
        Map<String, String> inputOf = new HashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            if (l.type() == LayerType.BATCHNORM && i > 0) {
                inputOf.put(
                        l.name(),
                        l.inputs().isEmpty()
                                ? layers.get(i - 1).name()
                                : l.inputs().get(0));
            }
        }
        if (inputOf.isEmpty()) {
            return 0;
        }
        Batches batches = new Batches(images, model.spec());
        int n = Math.min(images.size(), maxImages);
        int[] order = IntStream.range(0, n).toArray();
        Map<String, double[]> sum = new HashMap<>();
        Map<String, double[]> sumSq = new HashMap<>();
        ParameterStore ps = new ParameterStore(model.manager(), false);
        for (int from = 0; from < n; from += BATCH) {
            JobDeadline.checkpoint("recalibrating batch norms");
            int to = Math.min(n, from + BATCH);
            try (NDManager bm = model.manager().newSubManager()) {
                NDArray x = batches.images(bm, order, from, to);
                Map<String, NDList> outs = model.block().forwardTraced(ps, new NDList(x), true, null);
                for (Map.Entry<String, String> e : inputOf.entrySet()) {
                    NDArray in = outs.get(e.getValue()).singletonOrThrow();
                    int[] axes = in.getShape().dimension() == 4 ? new int[] {0, 2, 3} : new int[] {0};
                    float[] s = in.sum(axes).toFloatArray();
                    float[] s2 = in.mul(in).sum(axes).toFloatArray();
                    accumulate(sum.computeIfAbsent(e.getKey(), k -> new double[s.length]), s);
                    accumulate(sumSq.computeIfAbsent(e.getKey(), k -> new double[s.length]), s2);
                }
            }
        }
        for (Map.Entry<String, String> e : inputOf.entrySet()) {
            String bn = e.getKey();
            double[] s = sum.get(bn);
            double[] s2 = sumSq.get(bn);
            long m = samplesPerChannel(model, e.getValue(), n);
            float[] mean = new float[s.length];
            float[] var = new float[s.length];
            for (int c = 0; c < s.length; c++) {
                double mu = s[c] / m;
                mean[c] = (float) mu;
                var[c] = (float) Math.max(0, (s2[c] / m - mu * mu) * m / Math.max(1, m - 1));
            }
            model.parameters().get(bn + ".running_mean").getArray().set(FloatBuffer.wrap(mean));
            model.parameters().get(bn + ".running_var").getArray().set(FloatBuffer.wrap(var));
        }
        return inputOf.size();
    }

    private static long samplesPerChannel(LoadedModel model, String layer, int images) {
        int[] out = dev.pruneline.core.bundle.ShapeInference.infer(model.spec()).stream()
                .filter(s -> s.layer().name().equals(layer))
                .findFirst()
                .orElseThrow()
                .output();
        long spatial = out.length == 3 ? (long) out[1] * out[2] : 1;
        return spatial * images;
    }

    private static void accumulate(double[] into, float[] values) {
        for (int i = 0; i < values.length; i++) {
            into[i] += values[i];
        }
    }
}
