package dev.pruneline.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.convolutional.Conv2d;
import dev.pruneline.core.data.DataSplits;
import dev.pruneline.core.model.Architectures;
import dev.pruneline.core.model.LoadedModel;
import dev.pruneline.core.train.SampleSplits;
import dev.pruneline.core.train.TrainingListener;
import dev.pruneline.core.train.TrainingLoop;
import dev.pruneline.core.train.TrainingOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineSelfCheckTest {

    @Test
    void shouldReportTheSelfCheckOutcomeInTheEngineMode() {
        EngineSetup.start();
        ConvBackwardSelfCheck.Result check = GradientLock.with(ConvBackwardSelfCheck::run);
        EngineMode mode = EngineSetup.prepareForTraining();
        System.out.println("self-check on " + cpuModel() + ": " + (check.passed()
                ? "libtorch's conv backward did not depend on stale memory here"
                : "DETECTED the stale-memory conv backward: " + check.mismatches())
                + " (" + check.millis() + " ms); engine mode: " + mode.label());
        if (System.getProperty(EngineSetup.ONEDNN_PROPERTY, "auto").equals("auto") && check.passed()) {
            assertTrue(mode.label().startsWith("onednn-on"), mode.label());
        }
        if (!mode.onednnEnabled()) {
            assertTrue(GradientLock.with(ConvBackwardSelfCheck::run).passed(),
                    "with oneDNN off the conv backward must be deterministic");
        }
        assertEquals(Integer.getInteger(EngineSetup.THREADS_PROPERTY, EngineSetup.DEFAULT_THREADS), mode.threads());
    }

    @Test
    void shouldDetectAConvolutionWhoseGradientsDependOnStaleMemory() {
        EngineSetup.start();
        // A kernel that reads memory it never wrote: the output is scaled by an uninitialised
        // tensor (torch.empty), so the gradients depend on what freed memory held, as in the bug.
        ConvBackwardSelfCheck.Result check = GradientLock.with(() -> ConvBackwardSelfCheck.run((x, w, b) -> {
            NDArray y = Conv2d.conv2d(x, w, b).singletonOrThrow();
            return y.mul(y.getManager().create(y.getShape(), DataType.FLOAT32));
        }));
        System.out.println("self-check on an injected stale-memory kernel: " + check.mismatches().size() + " of "
                + ConvBackwardSelfCheck.SHAPES.length * ConvBackwardSelfCheck.TRIALS + " probes differed");
        assertFalse(check.passed(), "the check must catch gradients that depend on freed memory");
        assertTrue(check.mismatches().get(0).contains("gradient values differ"), check.mismatches().get(0));
    }

    @Test
    void shouldSwitchOneDnnOffAndBackThroughLibtorch() {
        EngineMode before = EngineSetup.prepareForTraining();
        try {
            EngineMode off = EngineSetup.switchOneDnn(false, "test");
            assertEquals("onednn-off (test)", off.label());
            assertTrue(GradientLock.with(ConvBackwardSelfCheck::run).passed());
        } finally {
            EngineSetup.switchOneDnn(before.onednnEnabled(), before.reason());
        }
        assertEquals(before, EngineSetup.current());
    }

    @Test
    void shouldFineTuneLeNetWithOddChannelCountsAtFiniteLoss() {
        DataSplits data = SampleSplits.small(64 * 30, 200);
        List<Float> losses = new ArrayList<>();
        TrainingListener record = new TrainingListener() {
            @Override
            public void onBatch(int epoch, int batch, int batches, float loss) {
                losses.add(loss);
            }
        };
        try (LoadedModel model = LoadedModel.initialise(Architectures.lenet5(3, 8), 3)) {
            TrainingLoop.train(model, data, TrainingOptions.builder().epochs(1).listener(record).build());
        }
        assertEquals(30, losses.size());
        assertTrue(losses.stream().allMatch(Float::isFinite), "losses " + losses);
        double firstFive = losses.subList(0, 5).stream().mapToDouble(Float::doubleValue).average().orElseThrow();
        double lastFive = losses.subList(25, 30).stream().mapToDouble(Float::doubleValue).average().orElseThrow();
        assertTrue(lastFive < firstFive, "loss should fall: " + firstFive + " -> " + lastFive);
    }

    private static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(System.getProperty("os.arch"));
        } catch (IOException | UncheckedIOException e) {
            return System.getProperty("os.arch");
        }
    }
}
