package dev.pruneline.core.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pruneline.core.TestModels;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelCostTest {
    private final ModelBundle lenet = TestModels.lenet5();

    @Test
    void shouldCountLeNet5ParametersByHand() {
        // conv1: 6*1*5*5 + 6 = 156; conv2: 16*6*5*5 + 16 = 2,416
        // fc1: 400*120 + 120 = 48,120 (16 channels * 5*5 after pool2 = 400 inputs)
        // fc2: 120*84 + 84 = 10,164; fc3: 84*10 + 10 = 850
        // total: 156 + 2,416 + 48,120 + 10,164 + 850 = 61,706
        ModelCost cost = ModelCost.of(lenet);
        Map<String, Long> perLayer = perLayer(cost, true);
        assertEquals(Map.of("conv1", 156L, "conv2", 2_416L, "fc1", 48_120L, "fc2", 10_164L, "fc3", 850L), perLayer);
        assertEquals(61_706, cost.parameters());
    }

    @Test
    void shouldCountLeNet5MacsByHand() {
        // conv1: out 6 x in 1 x 5x5 kernel x 28x28 output (padding 2) = 117,600
        // conv2: 16 x 6 x 5x5 x 10x10 output = 240,000
        // fc1: 400*120 = 48,000; fc2: 120*84 = 10,080; fc3: 84*10 = 840
        // total: 117,600 + 240,000 + 48,000 + 10,080 + 840 = 416,520
        ModelCost cost = ModelCost.of(lenet);
        assertEquals(
                Map.of("conv1", 117_600L, "conv2", 240_000L, "fc1", 48_000L, "fc2", 10_080L, "fc3", 840L),
                perLayer(cost, false));
        assertEquals(416_520, cost.macs());
    }

    @Test
    void shouldGiveEachConvAndLinearLayerItsOutputWidth() {
        Map<String, Integer> widths = new java.util.LinkedHashMap<>();
        ModelCost.of(lenet).layers().stream().filter(l -> l.width() > 0).forEach(l -> widths.put(l.layer(), l.width()));
        assertEquals(Map.of("conv1", 6, "conv2", 16, "fc1", 120, "fc2", 84, "fc3", 10), widths);
    }

    @Test
    void shouldCountNonzeroMacsOfASparseConv() {
        Tensor w = lenet.tensor("conv1.weight").copy();
        for (int i = 0; i < 75; i++) {
            w.data()[i] = 0f; // half of conv1's 150 weights
        }
        ModelCost cost = ModelCost.of(lenet.withTensors(List.of(w)));
        LayerCost conv1 = cost.layers().get(0);
        assertEquals(117_600 / 2, conv1.nonzeroMacs());
        assertEquals(0.5, conv1.weightSparsity());
        assertEquals(75.0 / (150 + 2_400 + 48_000 + 10_080 + 840), cost.sparsity(), 1e-12);
    }

    @Test
    void shouldEstimateEnergyFromMacsAndDataMovement() {
        // fc3: 840 weights, 84 inputs, 10 outputs, 840 MACs, all non-zero
        // units of e_MAC: 840 compute + 3*840 RF + (840 + 84 + 10) * 6 buffer + (840 + 84 + 10) * 200 DRAM
        double units = 840 + 3 * 840 + 934 * 6 + 934 * 200;
        LayerCost fc3 = ModelCost.of(lenet).layers().get(11);
        assertEquals("fc3", fc3.layer());
        assertEquals(units * 4.6 / 1e6, fc3.energyMicrojoules(), 1e-9);
    }

    @Test
    void shouldSaveEnergyWhenWeightsArePruned() {
        Tensor w = lenet.tensor("fc1.weight").copy();
        java.util.Arrays.fill(w.data(), 0f);
        assertEquals(
                true,
                ModelCost.of(lenet.withTensors(List.of(w))).energyMicrojoules()
                        < ModelCost.of(lenet).energyMicrojoules());
    }

    @Test
    void shouldMeasureLatencyAsAMedianOfRepeats() {
        Latency l = LatencyProbe.measure(lenet, 4, 1, 3);
        assertEquals(4, l.batch());
        assertEquals(true, l.medianMillis() >= l.minMillis() && l.minMillis() > 0, l.toString());
    }

    private static Map<String, Long> perLayer(ModelCost cost, boolean params) {
        Map<String, Long> out = new java.util.HashMap<>();
        for (LayerCost l : cost.layers()) {
            long v = params ? l.parameters() : l.macs();
            if (v > 0) {
                out.put(l.layer(), v);
            }
        }
        return out;
    }
}
