package dev.pruneline.launcher.bench;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.data.ChannelNormalization;
import dev.pruneline.core.data.ImageSet;
import dev.pruneline.core.model.LoadedModel;

/**
 * How closely ONNX Runtime, running a bundle's exported {@code model.onnx}, computes what the engine computes for
 * the same bundle: both fed the same normalised images, outputs compared element by element and by top-1 class.
 * When the release ended in a softmax the export does too, so the engine's logits are compared after a softmax.
 *
 * @param maxAbsDiff largest absolute difference between the two runtimes' outputs
 * @param top1Agreement share of images whose top-1 class is the same in both
 * @param images images compared
 */
record OutputAgreement(double maxAbsDiff, double top1Agreement, int images) {
    private static final int BATCH = 64;

    /** Compares the engine and {@code runtime} on every image of {@code images}. */
    static OutputAgreement of(ModelBundle bundle, OrtModel runtime, ImageSet images) {
        ModelSpec spec = bundle.spec();
        int classes = spec.classes().size();
        boolean softmax = spec.onnx() != null && spec.onnx().softmaxOutput();
        double worst = 0;
        int agree = 0;
        try (LoadedModel model = LoadedModel.of(bundle)) {
            ParameterStore ps = new ParameterStore(model.manager(), false);
            for (int from = 0; from < images.size(); from += BATCH) {
                int n = Math.min(BATCH, images.size() - from);
                float[] x = inputs(images, spec, from, n);
                float[] engine;
                try (NDManager m = model.manager().newSubManager()) {
                    Shape shape = new Shape(n, images.channels(), images.rows(), images.cols());
                    engine = model.block()
                            .forward(ps, new NDList(m.create(x, shape)), false)
                            .singletonOrThrow()
                            .toFloatArray();
                }
                if (softmax) {
                    engine = softmax(engine, classes);
                }
                float[] ort = runtime.run(x, n);
                for (int i = 0; i < engine.length; i++) {
                    worst = Math.max(worst, Math.abs(engine[i] - ort[i]));
                }
                for (int r = 0; r < n; r++) {
                    if (top1(engine, r, classes) == top1(ort, r, classes)) {
                        agree++;
                    }
                }
            }
        }
        return new OutputAgreement(worst, images.size() == 0 ? 1 : (double) agree / images.size(), images.size());
    }

    /** Images {@code from .. from+n} normalised as the model expects, one after the other. */
    static float[] inputs(ImageSet images, ModelSpec spec, int from, int n) {
        ChannelNormalization norm = ChannelNormalization.of(
                "model '" + spec.name() + "'",
                spec.normalization().mean(),
                spec.normalization().std(),
                images.channels());
        int size = images.imageSize();
        int plane = images.rows() * images.cols();
        float[] out = new float[n * size];
        for (int i = 0; i < n * size; i++) {
            out[i] = norm.apply((i % size) / plane, images.pixels()[from * size + i]);
        }
        return out;
    }

    private static int top1(float[] scores, int row, int classes) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (scores[row * classes + c] > scores[row * classes + best]) {
                best = c;
            }
        }
        return best;
    }

    private static float[] softmax(float[] logits, int classes) {
        float[] out = new float[logits.length];
        for (int r = 0; r < logits.length / classes; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, logits[r * classes + c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(logits[r * classes + c] - max);
            }
            for (int c = 0; c < classes; c++) {
                out[r * classes + c] = (float) (Math.exp(logits[r * classes + c] - max) / sum);
            }
        }
        return out;
    }
}
