package dev.pruneline.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.criteria.ActivationRequest;
import dev.pruneline.core.criteria.ActivationSource;
import dev.pruneline.core.data.ImageSet;
import dev.pruneline.core.deadline.JobDeadline;
import dev.pruneline.core.engine.EngineSetup;
import dev.pruneline.core.engine.GradientLock;
import dev.pruneline.core.model.LoadedModel;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The engine-side {@link ActivationSource}: runs a bundle in evaluation mode over the first images
 * of a split, batch by batch in native sub-managers, and hands the requested layer outputs (and,
 * when asked, dLoss/dOutput through zero "tap" leaves and one backward pass of the softmax
 * cross-entropy) to the visitor.
 */
public final class ActivationRecorder implements ActivationSource {
    private static final int BATCH = 128;
    private final ImageSet images;

    /** A source over {@code images} (usually the validation split). */
    public ActivationRecorder(ImageSet images) {
        this.images = images;
    }

    @Override
    public void forEachBatch(ModelBundle bundle, ActivationRequest request, Visitor visitor) {
        if (request.gradients()) {
            EngineSetup.current();
            GradientLock.with(() -> {
                run(bundle, request, visitor);
                return null;
            });
        } else {
            run(bundle, request, visitor);
        }
    }

    private void run(ModelBundle bundle, ActivationRequest request, Visitor visitor) {
        try (LoadedModel model = LoadedModel.of(bundle)) {
            Batches batches = new Batches(images, model.spec());
            int n = Math.min(images.size(), request.maxImages());
            int[] order = IntStream.range(0, n).toArray();
            ParameterStore ps = new ParameterStore(model.manager(), false);
            Loss loss = Loss.softmaxCrossEntropyLoss();
            for (int from = 0; from < n; from += BATCH) {
                JobDeadline.checkpoint("scoring");
                int to = Math.min(n, from + BATCH);
                try (NDManager bm = model.manager().newSubManager()) {
                    NDArray x = batches.images(bm, order, from, to);
                    NDArray y = batches.labels(bm, order, from, to);
                    Map<String, NDArray> taps = new HashMap<>();
                    Map<String, NDArray> grads = new HashMap<>();
                    Map<String, NDList> outs;
                    if (request.gradients()) {
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            outs = model.block().forwardTraced(ps, new NDList(x), false, null, request.layers(), taps);
                            NDArray logits = last(outs);
                            gc.backward(loss.evaluate(new NDList(y), new NDList(logits)));
                        }
                        taps.forEach((k, t) -> grads.put(k, t.getGradient()));
                    } else {
                        outs = model.block().forwardTraced(ps, new NDList(x), false, null);
                    }
                    Map<String, NDArray> acts = new LinkedHashMap<>();
                    for (String layer : request.layers()) {
                        acts.put(layer, outs.get(layer).singletonOrThrow());
                    }
                    visitor.visit(acts, grads, y.toIntArray());
                }
            }
        }
    }

    private static NDArray last(Map<String, NDList> outs) {
        NDArray last = null;
        for (NDList l : outs.values()) {
            last = l.singletonOrThrow();
        }
        return last;
    }
}
