package dev.pruneline.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.pruneline.core.CompressionException;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.bundle.Normalization;
import dev.pruneline.core.data.ImageSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchesTest {
    /** Two 3-channel 1x2 images; image i, channel c holds bytes 255 * c / 2 and 51 * i. */
    private static final ImageSet RGB = new ImageSet(
            "train",
            new byte[] {0, 0, (byte) 127, 0, (byte) 255, 0, 0, 51, (byte) 127, 51, (byte) 255, 51},
            new int[] {1, 0},
            3,
            1,
            2);

    private static ModelSpec model(List<Integer> inputShape, List<Double> mean, List<Double> std) {
        return new ModelSpec(
                1,
                "x",
                null,
                inputShape,
                List.of("a", "b"),
                new Normalization(mean, std),
                null,
                List.of(),
                Map.of(),
                Map.of());
    }

    private static float[] images(ImageSet set, ModelSpec spec, int[] order, Shape expected) {
        Batches batches = new Batches(set, spec);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = batches.images(m, order, 0, order.length);
            assertEquals(expected, x.getShape());
            return x.toFloatArray();
        }
    }

    @Test
    void shouldNormaliseEachChannelWithItsOwnMeanAndStd() {
        ModelSpec spec = model(List.of(3, 1, 2), List.of(0.0, 0.5, 1.0), List.of(1.0, 0.5, 0.25));
        float[] x = images(RGB, spec, new int[] {1, 0}, new Shape(2, 3, 1, 2));
        float g = 127 / 255f;
        float one = 51 / 255f;
        // image 1 first: R (x - 0) / 1, G (x - 0.5) / 0.5, B (x - 1) / 0.25
        float[] expected = {
            0, one, (g - 0.5f) / 0.5f, (one - 0.5f) / 0.5f, 0, (one - 1) / 0.25f, 0, 0, (g - 0.5f) / 0.5f, -1, 0, -4
        };
        assertArrayEquals(expected, x, 1e-6f);
    }

    @Test
    void shouldApplyASingleMeanAndStdToEveryChannel() {
        ModelSpec spec = model(List.of(3, 1, 2), List.of(0.5), List.of(0.5));
        float[] x = images(RGB, spec, new int[] {0}, new Shape(1, 3, 1, 2));
        assertArrayEquals(new float[] {-1, -1, (127 / 255f - 0.5f) / 0.5f, -1, 1, -1}, x, 1e-6f);
    }

    @Test
    void shouldRefuseImagesOfAnotherShapeNamingBoth() {
        ImageSet grey = ImageSet.grey("train", new byte[28 * 28], new int[1], 28, 28);
        CompressionException e = assertThrows(
                CompressionException.class,
                () -> new Batches(grey, model(List.of(3, 32, 32), List.of(0.5), List.of(0.25))));
        assertEquals("model 'x' expects input [3, 32, 32] but the train images are [1, 28, 28]", e.getMessage());
    }

    @Test
    void shouldRefuseANormalizationWithNeitherOneValueNorOnePerChannel() {
        ModelSpec spec = model(List.of(3, 1, 2), List.of(0.5, 0.5), List.of(0.25, 0.25));
        CompressionException e = assertThrows(CompressionException.class, () -> new Batches(RGB, spec));
        assertEquals(
                "model 'x': the normalization has 2 mean and 2 std values but the images have 3 channels; give 1 value"
                        + " (used for every channel) or 3 (one per channel)",
                e.getMessage());
    }
}
