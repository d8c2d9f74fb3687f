package dev.pruneline.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.pruneline.core.bundle.LayerShapes;
import dev.pruneline.core.bundle.LayerSpec;
import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.ShapeInference;
import dev.pruneline.core.bundle.Tensor;
import dev.pruneline.core.data.ImageSet;
import dev.pruneline.core.deadline.JobDeadline;
import dev.pruneline.core.model.LoadedModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Layer-wise reconstruction after pruning: the weights a pruned model kept are refitted, layer by layer, so that each
 * layer reproduces what the same layer of the model before pruning computed. Pruning removes weights or channels and
 * leaves the rest as they were, tuned for inputs that no longer arrive; a least-squares refit of the survivors (the
 * reconstruction step of He et al., "Channel Pruning for Accelerating Very Deep Neural Networks", ICCV 2017; for single
 * weights the layer-wise problem of Hubara et al., "Accelerated Sparse Neural Training", NeurIPS 2021 and Frantar &
 * Alistarh, "Optimal Brain Compression", NeurIPS 2022) recovers much of the accuracy before any fine-tuning.
 *
 * <p>Every convolution (ungrouped) and linear layer is refitted in graph order. Its inputs come from the pruned model
 * with the layers before it already refitted, so later layers also correct what earlier ones could not; its targets are
 * the outputs of the unpruned model at the channels the layer kept. For a convolution, the rows of the problem are
 * input patches at up to {@value #POSITIONS} output positions per image. Each output channel solves the ridge problem
 * {@code (X_S^T X_S + damp I) w_S = X_S^T y + damp w0_S} over its own support {@code S} (the inputs its weights still
 * use, plus the bias), with {@code damp} 1% of the mean diagonal and {@code w0} the pruned weights, so weights pruned
 * to zero stay zero and a weight whose input never fires in the calibration images keeps its value. No other parameter changes;
 * batch-norm statistics are for {@link BatchNormCalibration}.
 */
public final class LayerReconstruction {
    private static final Logger LOG = LoggerFactory.getLogger(LayerReconstruction.class);
    private static final int BATCH = 128;
    /** Output positions sampled per image and convolution. */
    static final int POSITIONS = 24;
    /** Layers with more inputs per output than this are left as they are (the Gram matrix would be too large). */
    static final int MAX_INPUTS = 4608;
    /** Bound on the solver work per layer, in multiply-adds (sum over output channels of support^3 / 3). */
    private static final double MAX_SOLVE_WORK = 2e10;

    private static final double DAMP = 0.01;

    private LayerReconstruction() {}

    /** What a reconstruction did. */
    public record Summary(int refitted, int skipped, double meanRelativeErrorBefore, double meanRelativeErrorAfter) {}

    /**
     * Refits {@code pruned} against {@code original}.
     *
     * @param original the model before this pruning step (same layer names)
     * @param pruned the pruned model: zeroed weights (unstructured) or fewer channels
     * @param keptOutputs for each layer whose outputs were cut, the indices (in {@code original}) of the outputs it kept;
     *     layers not named kept all their outputs
     * @param images calibration images (a training split, in shuffled order: see {@link
     *     dev.pruneline.core.data.DataSplits}; labels are not used)
     * @param maxImages how many of the first images to use
     * @return the refitted model (a new bundle; {@code pruned} is unchanged) and what was done
     */
    public static Result reconstruct(
            ModelBundle original, ModelBundle pruned, Map<String, int[]> keptOutputs, ImageSet images, int maxImages) {
        Map<String, LayerShapes> shapes = new HashMap<>();
        ShapeInference.infer(pruned.spec()).forEach(s -> shapes.put(s.layer().name(), s));
        List<LayerSpec> layers = pruned.spec().layers();
        int n = Math.min(images.size(), maxImages);
        ModelBundle current = pruned;
        int refitted = 0;
        int skipped = 0;
        double errBefore = 0;
        double errAfter = 0;
        try (LoadedModel teacher = LoadedModel.of(original)) {
            for (int i = 0; i < layers.size(); i++) {
                LayerSpec l = layers.get(i);
                if (!refittable(l, original)) {
                    continue;
                }
                Layer layer = Layer.of(l, shapes.get(l.name()), current, keptOutputs.get(l.name()));
                if (layer.inputs() > MAX_INPUTS || layer.solveWork() > MAX_SOLVE_WORK) {
                    LOG.info(
                            "reconstruction leaves layer '{}' as it is: {} inputs per output",
                            l.name(),
                            layer.inputs());
                    skipped++;
                    continue;
                }
                String source = l.inputs().isEmpty()
                        ? (i == 0 ? null : layers.get(i - 1).name())
                        : l.inputs().get(0);
                Normal normal = accumulate(teacher, current, l.name(), source, layer, images, n, i);
                JobDeadline.checkpoint("reconstructing layers");
                Tensor[] refit = layer.solve(normal);
                if (refit == null) {
                    skipped++;
                    continue;
                }
                double before = normal.residual(layer.weights(), layer.bias());
                double after = normal.residual(refit[0].data(), refit.length > 1 ? refit[1].data() : null);
                if (!(after < before)) {
                    skipped++;
                    continue;
                }
                errBefore += before / normal.targetEnergy();
                errAfter += after / normal.targetEnergy();
                current = current.withTensors(List.of(refit));
                refitted++;
            }
        }
        Summary summary = new Summary(
                refitted, skipped, refitted == 0 ? 0 : errBefore / refitted, refitted == 0 ? 0 : errAfter / refitted);
        LOG.info(
                "reconstruction refitted {} layers (skipped {}): mean relative output error {} -> {}",
                summary.refitted(),
                summary.skipped(),
                String.format(java.util.Locale.ROOT, "%.4f", summary.meanRelativeErrorBefore()),
                String.format(java.util.Locale.ROOT, "%.4f", summary.meanRelativeErrorAfter()));
        return new Result(current, summary);
    }

    /** The refitted model and the summary. */
    public record Result(ModelBundle bundle, Summary summary) {}

    private static boolean refittable(LayerSpec l, ModelBundle original) {
        boolean kind = l.type() == LayerType.LINEAR || (l.type() == LayerType.CONV2D && l.intAttr("groups", 1) == 1);
        return kind && original.spec().layers().stream().anyMatch(o -> o.name().equals(l.name()));
    }

    /** Runs both models over the calibration images and sums the normal equations of one layer. */
    private static Normal accumulate(
            LoadedModel teacher,
            ModelBundle current,
            String layerName,
            String source,
            Layer layer,
            ImageSet images,
            int n,
            int seed) {
        Normal normal = new Normal(layer.rowWidth(), layer.outputs());
        SplittableRandom random = new SplittableRandom(0x5eed + seed);
        try (LoadedModel student = LoadedModel.of(current)) {
            Batches studentBatches = new Batches(images, student.spec());
            Batches teacherBatches = new Batches(images, teacher.spec());
            int[] order = IntStream.range(0, n).toArray();
            ParameterStore ps = new ParameterStore(student.manager(), false);
            ParameterStore tps = new ParameterStore(teacher.manager(), false);
            for (int from = 0; from < n; from += BATCH) {
                JobDeadline.checkpoint("reconstructing layers");
                int to = Math.min(n, from + BATCH);
                try (NDManager bm = student.manager().newSubManager();
                        NDManager tm = teacher.manager().newSubManager()) {
                    NDArray x = studentBatches.images(bm, order, from, to);
                    Map<String, NDList> outs = student.block().forwardTraced(ps, new NDList(x), false, null);
                    NDArray in = source == null ? x : outs.get(source).singletonOrThrow();
                    NDArray tx = teacherBatches.images(tm, order, from, to);
                    NDArray target = teacher.block()
                            .forwardTraced(tps, new NDList(tx), false, null)
                            .get(layerName)
                            .singletonOrThrow();
                    layer.rows(in.toFloatArray(), target.toFloatArray(), to - from, random, normal, bm);
                }
            }
        }
        return normal;
    }

    /**
     * The sums of a least-squares problem with rows {@code x} (width {@code d}) and targets {@code y} ({@code m} per
     * row): {@code G = X^T X}, {@code B = X^T Y} and {@code sum y^2}.
     */
    static final class Normal {
        final int d;
        final int m;
        final double[] gram;
        final double[] cross;
        double targetSquares;

        Normal(int d, int m) {
            this.d = d;
            this.m = m;
            this.gram = new double[d * d];
            this.cross = new double[d * m];
        }

        /** Adds {@code rows} rows (row-major {@code x}: rows x d, {@code y}: rows x m), multiplying in the engine. */
        void add(float[] x, float[] y, int rows, NDManager manager) {
            try (NDManager m2 = manager.newSubManager()) {
                NDArray xa = m2.create(x, new Shape(rows, d));
                NDArray ya = m2.create(y, new Shape(rows, m));
                NDArray xt = xa.transpose();
                addTo(gram, xt.matMul(xa).toFloatArray());
                addTo(cross, xt.matMul(ya).toFloatArray());
            }
            for (float v : y) {
                targetSquares += (double) v * v;
            }
        }

        double targetEnergy() {
            return Math.max(targetSquares, 1e-30);
        }

        /**
         * {@code sum ||X w_o - y_o||^2} over outputs for weights {@code w} (m x (d or d-1), row-major) and an optional
         * bias (the last input column is the constant 1 when there is one).
         */
        double residual(float[] w, float[] bias) {
            double total = targetSquares;
            double[] v = new double[d];
            for (int o = 0; o < m; o++) {
                int inputs = bias == null ? d : d - 1;
                for (int j = 0; j < inputs; j++) {
                    v[j] = w[o * inputs + j];
                }
                if (bias != null) {
                    v[d - 1] = bias[o];
                }
                double quad = 0;
                double lin = 0;
                for (int a = 0; a < d; a++) {
                    if (v[a] == 0) {
                        continue;
                    }
                    double row = 0;
                    for (int b = 0; b < d; b++) {
                        row += gram[a * d + b] * v[b];
                    }
                    quad += v[a] * row;
                    lin += v[a] * cross[a * m + o];
                }
                total += quad - 2 * lin;
            }
            return Math.max(total, 0);
        }

        private static void addTo(double[] into, float[] values) {
            for (int i = 0; i < values.length; i++) {
                into[i] += values[i];
            }
        }
    }

    /** Outputs whose weights use the same inputs. */
    private record Support(int[] inputs, List<Integer> outputs) {}

    /** One refittable layer of the pruned model: its geometry, its weights and where its targets come from. */
    private record Layer(
            LayerSpec spec, int[] inShape, int[] outShape, float[] weights, float[] bias, int[] keptOutputs) {

        static Layer of(LayerSpec l, LayerShapes shapes, ModelBundle bundle, int[] kept) {
            float[] w = bundle.tensor(l.name() + ".weight").data();
            float[] b = bundle.tensors().containsKey(l.name() + ".bias")
                    ? bundle.tensor(l.name() + ".bias").data()
                    : null;
            int out = shapes.output()[0];
            int[] keep = kept != null ? kept : IntStream.range(0, out).toArray();
            if (keep.length != out) {
                throw new IllegalArgumentException(
                        "layer '" + l.name() + "' has " + out + " outputs but " + keep.length + " kept output indices");
            }
            return new Layer(l, shapes.input(), shapes.output(), w, b, keep);
        }

        int outputs() {
            return outShape[0];
        }

        /** Inputs per output: in-features, or input channels x kernel area. */
        int inputs() {
            return weights.length / outputs();
        }

        int rowWidth() {
            return inputs() + (bias != null ? 1 : 0);
        }

        /** The outputs grouped by the inputs their weights use (with the bias column last when there is one). */
        List<Support> supports() {
            int k = inputs();
            int d = rowWidth();
            Map<String, Support> supports = new java.util.LinkedHashMap<>();
            for (int o = 0; o < outputs(); o++) {
                List<Integer> support = new ArrayList<>();
                for (int j = 0; j < k; j++) {
                    if (weights[o * k + j] != 0) {
                        support.add(j);
                    }
                }
                if (bias != null) {
                    support.add(d - 1);
                }
                supports.computeIfAbsent(
                                support.toString(),
                                x -> new Support(
                                        support.stream()
                                                .mapToInt(Integer::intValue)
                                                .toArray(),
                                        new ArrayList<>()))
                        .outputs()
                        .add(o);
            }
            return List.copyOf(supports.values());
        }

        /** Multiply-adds of the Cholesky factorisations, one per distinct support. */
        double solveWork() {
            return supports().stream()
                    .mapToDouble(s -> Math.pow(s.inputs().length, 3) / 3)
                    .sum();
        }

        /**
         * Adds this batch's rows: {@code in} is the layer's input in the pruned model ({@code batch} samples, logical
         * NCHW or (N, features) order), {@code target} the unpruned layer's output.
         */
        void rows(float[] in, float[] target, int batch, SplittableRandom random, Normal normal, NDManager manager) {
            int d = rowWidth();
            int m = outputs();
            int targetPerSample = target.length / batch;
            if (spec.type() == LayerType.LINEAR) {
                int k = inputs();
                float[] x = new float[batch * d];
                float[] y = new float[batch * m];
                for (int s = 0; s < batch; s++) {
                    System.arraycopy(in, s * k, x, s * d, k);
                    if (bias != null) {
                        x[s * d + k] = 1;
                    }
                    for (int o = 0; o < m; o++) {
                        y[s * m + o] = target[s * targetPerSample + keptOutputs[o]];
                    }
                }
                normal.add(x, y, batch, manager);
                return;
            }
            int c = inShape[0];
            int h = inShape[1];
            int w = inShape[2];
            int oh = outShape[1];
            int ow = outShape[2];
            int[] kernel = spec.pairAttr("kernel", null);
            int[] stride = spec.pairAttr("stride", new int[] {1, 1});
            int[] pad = spec.pairAttr("padding", new int[] {0, 0});
            int[] dil = spec.pairAttr("dilation", new int[] {1, 1});
            int positions = Math.min(POSITIONS, oh * ow);
            int rows = batch * positions;
            float[] x = new float[rows * d];
            float[] y = new float[rows * m];
            int plane = oh * ow;
            int teacherChannels = targetPerSample / plane;
            int r = 0;
            for (int s = 0; s < batch; s++) {
                for (int p = 0; p < positions; p++, r++) {
                    int pos = positions == plane ? p : random.nextInt(plane);
                    int py = pos / ow;
                    int px = pos % ow;
                    int col = 0;
                    for (int ch = 0; ch < c; ch++) {
                        int base = (s * c + ch) * h * w;
                        for (int ky = 0; ky < kernel[0]; ky++) {
                            int iy = py * stride[0] - pad[0] + ky * dil[0];
                            for (int kx = 0; kx < kernel[1]; kx++, col++) {
                                int ix = px * stride[1] - pad[1] + kx * dil[1];
                                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                    x[r * d + col] = in[base + iy * w + ix];
                                }
                            }
                        }
                    }
                    if (bias != null) {
                        x[r * d + col] = 1;
                    }
                    for (int o = 0; o < m; o++) {
                        y[r * m + o] = target[(s * teacherChannels + keptOutputs[o]) * plane + pos];
                    }
                }
            }
            normal.add(x, y, rows, manager);
        }

        /** The refitted weight (and bias) tensors, or null when the normal equations cannot be solved. */
        Tensor[] solve(Normal normal) {
            int d = normal.d;
            int k = inputs();
            double mean = 0;
            for (int a = 0; a < d; a++) {
                mean += normal.gram[a * d + a];
            }
            double damp = DAMP * mean / d + 1e-12;
            float[] nw = new float[weights.length];
            float[] nb = bias == null ? null : new float[bias.length];
            // outputs sharing a support (all of them after channel pruning) share one factorisation
            for (Support sup : supports()) {
                int[] s = sup.inputs();
                List<Integer> outs = sup.outputs();
                if (s.length == 0) {
                    continue;
                }
                DMatrixRMaj a = new DMatrixRMaj(s.length, s.length);
                for (int i = 0; i < s.length; i++) {
                    for (int j = 0; j < s.length; j++) {
                        a.unsafe_set(i, j, normal.gram[s[i] * d + s[j]] + (i == j ? damp : 0));
                    }
                }
                DMatrixRMaj b = new DMatrixRMaj(s.length, outs.size());
                for (int i = 0; i < s.length; i++) {
                    for (int j = 0; j < outs.size(); j++) {
                        int o = outs.get(j);
                        double start = s[i] == d - 1 && bias != null ? bias[o] : weights[o * k + s[i]];
                        b.unsafe_set(i, j, normal.cross[s[i] * normal.m + o] + damp * start);
                    }
                }
                LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(s.length);
                if (!solver.setA(a)) {
                    LOG.warn(
                            "reconstruction leaves layer '{}' as it is: its normal equations are singular",
                            spec.name());
                    return null;
                }
                DMatrixRMaj sol = new DMatrixRMaj(s.length, outs.size());
                solver.solve(b, sol);
                for (int j = 0; j < outs.size(); j++) {
                    int o = outs.get(j);
                    for (int i = 0; i < s.length; i++) {
                        double v = sol.unsafe_get(i, j);
                        if (!Double.isFinite(v)) {
                            return null;
                        }
                        if (s[i] == d - 1 && bias != null) {
                            nb[o] = (float) v;
                        } else {
                            nw[o * k + s[i]] = (float) v;
                        }
                    }
                }
            }
            String name = spec.name();
            Tensor weight = new Tensor(name + ".weight", weightShape(), nw);
            return nb == null
                    ? new Tensor[] {weight}
                    : new Tensor[] {weight, new Tensor(name + ".bias", new int[] {nb.length}, nb)};
        }

        private int[] weightShape() {
            if (spec.type() == LayerType.LINEAR) {
                return new int[] {outputs(), inputs()};
            }
            int[] kernel = spec.pairAttr("kernel", null);
            return new int[] {outputs(), inShape[0], kernel[0], kernel[1]};
        }
    }
}
