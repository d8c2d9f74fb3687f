package dev.pruneline.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.core.TestModels;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.data.DataSplits;
import dev.pruneline.core.model.Architectures;
import dev.pruneline.core.model.LoadedModel;
import org.junit.jupiter.api.Test;

class BatchNormCalibrationTest {
    @Test
    void setsRunningStatisticsToThoseOfTheData() {
        DataSplits data = SampleSplits.small(256, 100);
        ModelBundle vgg = TestModels.randomBundle(Architectures.vggSmall(), 3); // running means ~N(0, 0.1), vars 1
        try (LoadedModel m = LoadedModel.of(vgg)) {
            double before = Evaluator.evaluate(m, data.test()).loss();
            assertEquals(4, BatchNormCalibration.recalibrate(m, data.train(), 256));
            ModelBundle after = m.toBundle(vgg.spec());
            // conv1 has no bias and sees normalised pixels: its output mean per channel is w_c . mean patch,
            // so the running mean must have moved away from the random values
            float[] mean = after.tensor("bn1.running_mean").data();
            float[] var = after.tensor("bn1.running_var").data();
            assertTrue(var[0] > 0 && var[0] != 1f, "var " + var[0]);
            assertTrue(mean[0] != vgg.tensor("bn1.running_mean").data()[0]);
            double loss = Evaluator.evaluate(m, data.test()).loss();
            assertTrue(Double.isFinite(loss) && loss != before, before + " -> " + loss);
        }
    }
}
