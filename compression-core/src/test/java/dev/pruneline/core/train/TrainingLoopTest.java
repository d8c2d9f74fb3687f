package dev.pruneline.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import dev.pruneline.core.TestModels;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.criteria.CriterionContext;
import dev.pruneline.core.criteria.MagnitudeCriterion;
import dev.pruneline.core.data.DataSplits;
import dev.pruneline.core.data.ImageSet;
import dev.pruneline.core.model.Architectures;
import dev.pruneline.core.model.LoadedModel;
import dev.pruneline.core.prune.GlobalPruner;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingLoopTest {
    private final DataSplits data = SampleSplits.small(64 * 40, 500);

    @Test
    void shouldLearnWellBeyondChanceInFortyBatches() {
        try (LoadedModel model = LoadedModel.initialise(Architectures.lenet5(), 1)) {
            double before = Evaluator.evaluate(model, data.test()).accuracy();
            TrainingOutcome out = TrainingLoop.train(
                    model, data, TrainingOptions.builder().epochs(1).seed(1).build());
            Evaluation after = Evaluator.evaluate(model, data.test());
            assertEquals(1, out.epochsRun());
            assertTrue(before < 0.3, "untrained accuracy " + before);
            assertTrue(after.accuracy() > 0.6, "accuracy after 40 batches " + after.accuracy() + " (chance 0.1)");
            assertEquals(10, after.perClassAccuracy().size());
        }
    }

    @Test
    void shouldKeepPrunedWeightsAtZeroWhileFineTuning() {
        ModelBundle pruned = GlobalPruner.prune(
                        CriterionContext.of(TestModels.lenet5(), Map.of()), new MagnitudeCriterion(), 0.8)
                .bundle();
        ModelBundle tuned;
        try (LoadedModel model = LoadedModel.of(pruned)) {
            TrainingLoop.train(
                    model,
                    data,
                    TrainingOptions.builder()
                            .maxBatchesPerEpoch(10)
                            .holdMasks(true)
                            .build());
            float[] raw = model.parameters().get("fc1.weight").getArray().toFloatArray();
            float[] mask = pruned.tensor("fc1.weight").data();
            for (int i = 0; i < raw.length; i++) {
                assertTrue(mask[i] != 0f || raw[i] == 0f, "fc1.weight[" + i + "] in the engine: " + raw[i]);
            }
            tuned = model.toBundle(pruned.spec());
        }
        for (String name : GlobalPruner.collect(pruned)) {
            float[] was = pruned.tensor(name).data();
            float[] now = tuned.tensor(name).data();
            int moved = 0;
            for (int i = 0; i < was.length; i++) {
                if (was[i] == 0f) {
                    assertEquals(0f, now[i], name + "[" + i + "] was pruned but became " + now[i]);
                } else if (was[i] != now[i]) {
                    moved++;
                }
            }
            assertNotEquals(0, moved, name + ": no kept weight was trained");
        }
    }

    @Test
    void shouldReturnTheReceivedWeightsWhenNoEpochValidatesBetter() {
        ImageSet train = data.train();
        int[] wrong = train.labels().clone();
        for (int i = 0; i < wrong.length; i++) {
            wrong[i] = (wrong[i] + 1) % 10; // every label off by one: training on them ruins the model
        }
        DataSplits mislabelled = new DataSplits(
                new ImageSet(train.name(), train.pixels(), wrong, train.channels(), train.rows(), train.cols()),
                data.validation(),
                data.test());
        TrainingOptions.Builder ruin = TrainingOptions.builder()
                .epochs(1)
                .maxBatchesPerEpoch(20)
                .learningRate(3e-3)
                .seed(2);
        try (LoadedModel model = LoadedModel.initialise(Architectures.lenet5(), 1)) {
            TrainingLoop.train(
                    model, data, TrainingOptions.builder().epochs(1).seed(1).build());
            ModelBundle trained = model.toBundle(Architectures.lenet5());
            double start = Evaluator.evaluate(model, data.validation()).accuracy();

            TrainingLoop.train(model, mislabelled, ruin.restoreBest(true).build());
            ModelBundle kept = model.toBundle(Architectures.lenet5());
            for (String name : GlobalPruner.collect(trained)) {
                assertArrayEquals(trained.tensor(name).data(), kept.tensor(name).data(), name);
            }

            TrainingLoop.train(model, mislabelled, ruin.restoreBest(false).build());
            double ruined = Evaluator.evaluate(model, data.validation()).accuracy();
            assertTrue(ruined < start - 0.2, "validation " + start + " -> " + ruined + " on wrong labels");
        }
    }

    @Test
    void shouldRankValidationByAccuracyThenByLoss() {
        TrainingLoop.ValidationScore received = new TrainingLoop.ValidationScore(0.9948, 0.031);
        assertTrue(new TrainingLoop.ValidationScore(0.9948, 0.024).betterThan(received), "same accuracy, lower loss");
        assertFalse(new TrainingLoop.ValidationScore(0.9948, 0.031).betterThan(received), "a tie is no improvement");
        assertFalse(new TrainingLoop.ValidationScore(0.9935, 0.010).betterThan(received), "lower accuracy");
        assertTrue(new TrainingLoop.ValidationScore(0.9961, 0.090).betterThan(received), "higher accuracy");
        assertTrue(received.betterThan(TrainingLoop.ValidationScore.NONE), "anything beats no score");
    }

    @Test
    void shouldPutTheReceivedWeightsBackOnlyForADropBeyondTheValidationNoise() {
        TrainingLoop.ValidationScore received = new TrainingLoop.ValidationScore(0.9948, 0.02);
        // 766 images: two standard errors are about four images
        assertFalse(received.clearlyBetterThan(new TrainingLoop.ValidationScore(0.9935, 0.03), 766), "one image");
        assertFalse(received.clearlyBetterThan(new TrainingLoop.ValidationScore(0.9909, 0.03), 766), "three images");
        assertTrue(received.clearlyBetterThan(new TrainingLoop.ValidationScore(0.9870, 0.03), 766), "six images");
        TrainingLoop.ValidationScore perfect = new TrainingLoop.ValidationScore(1.0, 0.01);
        assertFalse(perfect.clearlyBetterThan(new TrainingLoop.ValidationScore(0.9987, 0.02), 766), "one image");
        assertTrue(perfect.clearlyBetterThan(new TrainingLoop.ValidationScore(0.99, 0.02), 766), "eight images");
    }

    @Test
    void shouldStopWithTrainingDivergedWhenTheLossIsNotFinite() {
        try (LoadedModel model = LoadedModel.initialise(Architectures.lenet5(), 1)) {
            NDArray bias = model.parameters().get("fc3.bias").getArray();
            bias.set(new float[] {Float.NaN, 0, 0, 0, 0, 0, 0, 0, 0, 0});
            TrainingDivergedException e = assertThrows(
                    TrainingDivergedException.class,
                    () -> TrainingLoop.train(
                            model,
                            data,
                            TrainingOptions.builder().maxBatchesPerEpoch(2).build()));
            assertTrue(e.getMessage().startsWith("training diverged: loss is NaN at epoch 1, batch 1"), e.getMessage());
        }
    }
}
