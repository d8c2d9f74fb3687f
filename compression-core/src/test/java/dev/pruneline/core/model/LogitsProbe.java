package dev.pruneline.core.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.engine.EngineMode;
import dev.pruneline.core.engine.EngineSetup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Runs a bundle on fixed inputs in a process of its own and writes the engine mode and the logits:
 * {@code LogitsProbe BUNDLE_DIR OUT_FILE}. {@link PrunedModelLogitsTest} starts it in fresh JVMs.
 */
public final class LogitsProbe {
    static final int BATCH = 64;

    private LogitsProbe() {}

    public static void main(String[] args) throws IOException {
        ModelBundle bundle = ModelBundle.load(Path.of(args[0]));
        EngineMode mode = EngineSetup.start();
        float[] logits = logits(bundle);
        List<String> lines = new ArrayList<>();
        lines.add(EngineSetup.current().label() + "|" + mode.threads());
        for (float v : logits) {
            lines.add(Float.toString(v));
        }
        Files.write(Path.of(args[1]), lines);
    }

    /** Eval-mode logits of the bundle on {@value #BATCH} seeded random images. */
    static float[] logits(ModelBundle bundle) {
        try (LoadedModel model = LoadedModel.of(bundle);
                NDManager m = model.manager().newSubManager()) {
            int[] in = bundle.spec().inputShape().stream()
                    .mapToInt(Integer::intValue)
                    .toArray();
            float[] px = new float[BATCH * in[0] * in[1] * in[2]];
            Random rnd = new Random(7);
            for (int i = 0; i < px.length; i++) {
                px[i] = (float) rnd.nextGaussian();
            }
            ParameterStore ps = new ParameterStore(m, false);
            return model.block()
                    .forward(ps, new NDList(m.create(px, new Shape(BATCH, in[0], in[1], in[2]))), false)
                    .singletonOrThrow()
                    .toFloatArray();
        }
    }
}
