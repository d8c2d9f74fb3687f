package dev.pruneline.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivationLayoutTest {
    private static final ConvSignature ALIGNED_FIRST = new ConvSignature(1, 16, 3, 3, 1, 1, 1, 1, 28, 28, false);
    private static final ConvSignature ALIGNED_STRIDED = new ConvSignature(32, 64, 3, 3, 2, 2, 1, 1, 14, 14, false);
    private static final ConvSignature SIX_FILTERS = new ConvSignature(1, 6, 5, 5, 1, 1, 2, 2, 28, 28, true);
    private static final ConvSignature STRIDED_48_IN = new ConvSignature(48, 64, 3, 3, 2, 2, 1, 1, 14, 14, false);

    @Test
    void shouldRunChannelsLastOnlyWhenEveryConvolutionKeepsItsWidths() {
        assertEquals(
                ActivationLayout.CHANNELS_LAST,
                ActivationLayout.forConvolutions(List.of(ALIGNED_FIRST, ALIGNED_STRIDED)));
        assertEquals(ActivationLayout.PLAIN, ActivationLayout.forConvolutions(List.of(ALIGNED_FIRST, SIX_FILTERS)));
        assertEquals(
                ActivationLayout.PLAIN,
                ActivationLayout.forConvolutions(List.of(STRIDED_48_IN)),
                "48 input channels of a strided convolution are padded to 64");
        assertEquals(ActivationLayout.PLAIN, ActivationLayout.forConvolutions(List.of()));
    }

    @Test
    void shouldKeepShapeValuesAndGradientsInChannelsLast() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(2 * 3 * 4 * 5).toType(DataType.FLOAT32, false).reshape(2, 3, 4, 5);
            NDArray upstream = m.randomNormal(new Shape(2, 3, 4, 5));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = ActivationLayout.CHANNELS_LAST.apply(x);
                assertEquals(x.getShape(), y.getShape());
                assertArrayEquals(x.toFloatArray(), y.toFloatArray());
                gc.backward(y.mul(upstream).sum());
            }
            assertArrayEquals(upstream.toFloatArray(), x.getGradient().toFloatArray());
        }
    }

    @Test
    void shouldLeavePlainArraysAndOtherRanksAlone() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray image = m.ones(new Shape(1, 2, 3, 3));
            NDArray vector = m.ones(new Shape(2, 9));
            assertSame(image, ActivationLayout.PLAIN.apply(image));
            assertSame(vector, ActivationLayout.CHANNELS_LAST.apply(vector));
        }
    }
}
