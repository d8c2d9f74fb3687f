package dev.pruneline.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.data.DataSplits;
import dev.pruneline.core.engine.ConvPath;
import dev.pruneline.core.engine.EngineMode;
import dev.pruneline.core.engine.EngineSetup;
import dev.pruneline.core.train.SampleSplits;
import dev.pruneline.core.train.TrainingLoop;
import dev.pruneline.core.train.TrainingOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A channel-pruned VGG-small (widths 25/28/34/41, none a multiple of 16) gives the same logits in
 * every process and on the reference path. oneDNN at these logical widths gives different,
 * process-dependent logits on AMD EPYC Zen 5.
 */
class PrunedModelLogitsTest {
    private static final double TOLERANCE = 1e-4;

    @TempDir
    static Path dir;

    private static ModelBundle bundle;
    /** The logits on the reference path (oneDNN off). */
    private static float[] reference;

    @BeforeAll
    static void trainAPrunedWidthModelAndRunItOnTheReferencePath() {
        DataSplits data = SampleSplits.small(64 * 20, 100);
        try (LoadedModel model = LoadedModel.initialise(Architectures.vggSmall(25, 28, 34, 41), 5)) {
            TrainingLoop.train(model, data, TrainingOptions.builder().epochs(1).build());
            bundle = model.toBundle(model.spec());
        }
        bundle.save(dir.resolve("vgg-25-28-34-41"));
        EngineMode saved = EngineSetup.current();
        try {
            EngineSetup.usePath(ConvPath.REFERENCE, "test");
            reference = LogitsProbe.logits(bundle);
        } finally {
            EngineSetup.restore(saved);
        }
    }

    @Test
    void shouldGiveTheReferenceLogitsOnTheDefaultPath() {
        assertClose(
                reference,
                LogitsProbe.logits(bundle),
                "default path " + EngineSetup.current().label() + " against the reference");
    }

    @Test
    void shouldGiveTheSameLogitsInFreshProcessesWithEveryCoreAndNoNnpackNoise() throws Exception {
        for (int run = 1; run <= 2; run++) {
            Probe p = probe(run);
            assertTrue(p.header.startsWith(ConvPath.ONEDNN_ALIGNED.label() + " (kernels verified)|"), p.header);
            assertEquals(
                    Runtime.getRuntime().availableProcessors(),
                    Integer.parseInt(p.header.split("\\|")[1]),
                    "threads default to the available processors");
            assertFalse(p.log.contains("NNPACK"), p.log);
            assertClose(reference, p.logits, "fresh JVM " + run + " against the reference");
        }
    }

    private record Probe(String header, float[] logits, String log) {}

    private static Probe probe(int run) throws IOException, InterruptedException {
        Path out = dir.resolve("logits-" + run + ".txt");
        Path log = dir.resolve("probe-" + run + ".log");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Dai.djl.offline=true",
                        "-cp",
                        System.getProperty("java.class.path"),
                        LogitsProbe.class.getName(),
                        dir.resolve("vgg-25-28-34-41").toString(),
                        out.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "probe " + run + " timed out");
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        List<String> lines = Files.readAllLines(out);
        List<Float> values = new ArrayList<>();
        lines.subList(1, lines.size()).forEach(l -> values.add(Float.parseFloat(l)));
        float[] logits = new float[values.size()];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = values.get(i);
        }
        return new Probe(lines.get(0), logits, text);
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs((double) expected[i] - actual[i]));
        }
        assertTrue(worst <= TOLERANCE, what + ": logits differ by up to " + worst);
    }
}
