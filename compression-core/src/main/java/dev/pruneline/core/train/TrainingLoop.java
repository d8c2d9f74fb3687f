package dev.pruneline.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.pruneline.core.bundle.LayerSpec;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.data.DataSplits;
import dev.pruneline.core.deadline.JobDeadline;
import dev.pruneline.core.engine.EngineMode;
import dev.pruneline.core.engine.EngineSetup;
import dev.pruneline.core.engine.GradientLock;
import dev.pruneline.core.model.LoadedModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Mini-batch training with softmax cross-entropy. Each batch lives in its own native sub-manager;
 * the loss and every gradient are checked for NaN/Inf after each backward pass and a
 * {@link TrainingDivergedException} ends the run before a broken model can be saved.
 *
 * <p>The whole run holds {@link GradientLock}: DJL allows one gradient collector per JVM, so
 * concurrent calls in one process run one after the other.
 */
public final class TrainingLoop {
    private TrainingLoop() {}

    /** Trains {@code model} in place on {@code data.train()}, validating on {@code data.validation()}. */
    public static TrainingOutcome train(LoadedModel model, DataSplits data, TrainingOptions options) {
        EngineMode mode = EngineSetup.current();
        return GradientLock.with(() -> run(model, data, options, mode));
    }

    private static TrainingOutcome run(LoadedModel model, DataSplits data, TrainingOptions o, EngineMode mode) {
        Batches batches = new Batches(data.train(), model.spec());
        Map<String, NDArray> masks = o.holdMasks() ? masks(model) : Map.of();
        int perEpoch = (batches.size() + o.batchSize() - 1) / o.batchSize();
        if (o.maxBatchesPerEpoch() > 0) {
            perEpoch = Math.min(perEpoch, o.maxBatchesPerEpoch());
        }
        Optimizer optimizer = new MaskedOptimizer(optimizer(o, Math.max(1, perEpoch * o.epochs())), masks);
        LoadedModel teacher = o.teacher() == null ? null : LoadedModel.of(o.teacher());
        ModelBundle bestWeights = null;
        Loss lossFn = Loss.softmaxCrossEntropyLoss();
        ParameterStore ps = new ParameterStore(model.manager(), false);
        Random rnd = new Random(o.seed());
        List<EpochSummary> summaries = new ArrayList<>();
        ValidationScore best = ValidationScore.NONE;
        ValidationScore received = null;
        ModelBundle receivedWeights = null;
        int sinceBest = 0;
        try {
            if (o.restoreBest() && o.epochs() > 0 && data.validation().size() > 0) {
                // the received weights compete too: training never returns a model that clearly validates worse
                received = ValidationScore.of(Evaluator.evaluate(model, data.validation()));
                receivedWeights = model.toBundle(model.spec());
            }
            for (int epoch = 1; epoch <= o.epochs(); epoch++) {
                int[] order = shuffled(batches.size(), rnd);
                int total = (batches.size() + o.batchSize() - 1) / o.batchSize();
                int nBatches = o.maxBatchesPerEpoch() > 0 ? Math.min(total, o.maxBatchesPerEpoch()) : total;
                long start = System.nanoTime();
                double lossSum = 0;
                for (int b = 0; b < nBatches; b++) {
                    JobDeadline.checkpoint("training");
                    int from = b * o.batchSize();
                    int to = Math.min(batches.size(), from + o.batchSize());
                    float loss =
                            step(model, teacher, o, batches, order, from, to, lossFn, optimizer, ps, epoch, b, mode);
                    lossSum += loss;
                    o.listener().onBatch(epoch, b + 1, nBatches, loss);
                }
                long millis = (System.nanoTime() - start) / 1_000_000;
                ValidationScore score = data.validation().size() == 0
                        ? null
                        : ValidationScore.of(Evaluator.evaluate(model, data.validation()));
                EpochSummary s = new EpochSummary(
                        epoch,
                        lossSum / Math.max(1, nBatches),
                        score == null ? Double.NaN : score.accuracy(),
                        millis,
                        nBatches);
                summaries.add(s);
                o.listener().onEpoch(s);
                if (score != null) {
                    if (score.betterThan(best)) {
                        best = score;
                        sinceBest = 0;
                        if (o.restoreBest() && epoch < o.epochs()) {
                            bestWeights = model.toBundle(model.spec());
                        } else {
                            bestWeights = null;
                        }
                    } else if (o.earlyStopPatience() > 0 && ++sinceBest >= o.earlyStopPatience()) {
                        break;
                    }
                }
            }
            if (received != null
                    && received.clearlyBetterThan(best, data.validation().size())) {
                model.load(receivedWeights);
            } else if (bestWeights != null) {
                model.load(bestWeights);
            }
        } finally {
            masks.values().forEach(NDArray::close);
            if (teacher != null) {
                teacher.close();
            }
        }
        return new TrainingOutcome(summaries.size(), List.copyOf(summaries), mode.label(), mode.threads());
    }

    /**
     * How weights validate: better when more accurate, or as accurate with a lower mean loss. A validation split of a
     * few hundred images often ties on accuracy, most of all near 100%, where the loss still tells a model that is
     * surer of its right answers. The weights a run received are put back only when they are {@link
     * #clearlyBetterThan} the best epoch: training the split cannot tell from its input is kept, training that
     * damages the model (wrong labels, a rate too high) is undone.
     */
    record ValidationScore(double accuracy, double loss) {
        static final ValidationScore NONE = new ValidationScore(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

        static ValidationScore of(Evaluation e) {
            return new ValidationScore(e.accuracy(), e.loss());
        }

        boolean betterThan(ValidationScore other) {
            return accuracy > other.accuracy || (accuracy == other.accuracy && loss < other.loss);
        }

        /**
         * More accurate than {@code other} by more than two standard errors of an accuracy measured on {@code images}
         * images (the accuracy shrunk towards one half by one image each way, so a perfect score has an error too):
         * more than the split's sampling noise.
         */
        boolean clearlyBetterThan(ValidationScore other, int images) {
            double p = (accuracy * images + 1) / (images + 2);
            return accuracy - other.accuracy > 2 * Math.sqrt(p * (1 - p) / images);
        }
    }

    private static float step(
            LoadedModel model,
            LoadedModel teacher,
            TrainingOptions o,
            Batches batches,
            int[] order,
            int from,
            int to,
            Loss lossFn,
            Optimizer optimizer,
            ParameterStore ps,
            int epoch,
            int batch,
            EngineMode mode) {
        try (NDManager bm = model.manager().newSubManager()) {
            NDArray x = batches.images(bm, order, from, to);
            NDArray y = batches.labels(bm, order, from, to);
            NDArray soft = null;
            if (teacher != null) {
                // outside the gradient collector: no graph is recorded for the teacher
                NDArray t = teacher.block()
                        .forward(new ParameterStore(bm, false), new NDList(x), false)
                        .singletonOrThrow();
                soft = t.div((float) o.distillTemperature()).softmax(1);
            }
            float loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.block().forward(ps, new NDList(x), true).singletonOrThrow();
                NDArray l = lossFn.evaluate(new NDList(y), new NDList(logits));
                if (soft != null) {
                    l = distill(l, logits, soft, o);
                }
                loss = l.getFloat();
                if (!Float.isFinite(loss)) {
                    throw new TrainingDivergedException("training diverged: loss is " + loss + " at epoch " + epoch
                            + ", batch " + (batch + 1) + "; nothing was saved. Lower the learning rate or run with"
                            + " -D" + EngineSetup.ONEDNN_PROPERTY + "=off");
                }
                gc.backward(l);
            }
            for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
                Parameter p = e.getValue();
                if (!p.requiresGradient()) {
                    continue;
                }
                NDArray w = p.getArray();
                NDArray g = w.getGradient();
                g.attach(bm);
                float gsum = g.sum().getFloat(); // NaN or infinite iff some element is (barring overflow)
                if (!Float.isFinite(gsum)) {
                    throw new TrainingDivergedException("training diverged: the gradient of " + e.getKey()
                            + " holds non-finite values at epoch " + epoch + ", batch " + (batch + 1)
                            + "; nothing was saved. If this repeats, run with -D" + EngineSetup.ONEDNN_PROPERTY
                            + "=off (engine: " + mode.label() + ")");
                }
                optimizer.update(p.getId(), w, g);
                g.subi(g);
            }
            return loss;
        }
    }

    /** (1-a) CE + a T^2 KL(soft || softmax(student / T)), KL averaged over the batch. */
    private static NDArray distill(NDArray ce, NDArray logits, NDArray soft, TrainingOptions o) {
        float t = (float) o.distillTemperature();
        float alpha = (float) o.distillAlpha();
        NDArray logStudent = logits.div(t).logSoftmax(1);
        NDArray kl = soft.mul(soft.add(1e-12f).log().sub(logStudent))
                .sum(new int[] {1})
                .mean();
        return ce.mul(1 - alpha).add(kl.mul(alpha * t * t));
    }

    private static Optimizer optimizer(TrainingOptions o, int totalUpdates) {
        float base = (float) o.learningRate();
        Tracker lr = switch (o.schedule()) {
            case "cosine" ->
                n -> (float) (base
                        * (0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * Math.min(n, totalUpdates) / totalUpdates))));
            case "step" -> n -> base * (n < totalUpdates / 2 ? 1f : n < totalUpdates * 3 / 4 ? 0.1f : 0.01f);
            default -> Tracker.fixed(base);
        };
        if (o.optimizer().equals("sgd")) {
            return Optimizer.sgd().setLearningRateTracker(lr).optMomentum(0.9f).build();
        }
        return Optimizer.adam().optLearningRateTracker(lr).build();
    }

    /** 0/1 masks for the conv and linear weights that hold exact zeros, by DJL parameter id. */
    static Map<String, NDArray> masks(LoadedModel model) {
        Map<String, NDArray> masks = new HashMap<>();
        for (LayerSpec l : model.spec().layers()) {
            if (!l.type().hasPrunableWeight()) {
                continue;
            }
            Parameter p = model.parameters().get(l.name() + ".weight");
            NDArray w = p.getArray();
            NDArray mask = w.neq(0).toType(DataType.FLOAT32, false);
            float kept;
            try (NDArray sum = mask.sum()) {
                kept = sum.getFloat();
            }
            if (kept < w.size()) {
                masks.put(p.getId(), mask);
            } else {
                mask.close();
            }
        }
        return masks;
    }

    private static int[] shuffled(int n, Random rnd) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
