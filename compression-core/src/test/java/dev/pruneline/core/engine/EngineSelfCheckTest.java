package dev.pruneline.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.core.data.DataSplits;
import dev.pruneline.core.model.Architectures;
import dev.pruneline.core.model.LoadedModel;
import dev.pruneline.core.train.SampleSplits;
import dev.pruneline.core.train.TrainingListener;
import dev.pruneline.core.train.TrainingLoop;
import dev.pruneline.core.train.TrainingOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineSelfCheckTest {

    @Test
    void shouldReportTheSelfCheckOutcomeInTheEngineMode() {
        EngineSetup.start();
        ConvBackwardSelfCheck.Result check = GradientLock.with(ConvBackwardSelfCheck::run);
        EngineMode mode = EngineSetup.prepareForTraining();
        System.out.println("self-check: " + check + "; engine mode: " + mode.label());
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
}
