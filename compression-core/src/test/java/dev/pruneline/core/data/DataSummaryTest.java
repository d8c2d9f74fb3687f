package dev.pruneline.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DataSummaryTest {
    private static DataSummary summary(DataLayout layout, int channels, int side) {
        return new DataSummary(layout, 10, 5, channels, side, side, List.of("a", "b"));
    }

    @Test
    void shouldNameBothShapesWhenIdxOrCifarImagesDoNotFitTheModel() {
        assertEquals(
                Optional.of("model 'lenet5' expects input [1, 28, 28] but the data set holds [3, 32, 32] images"
                        + " (CIFAR10 images are not resized)"),
                summary(DataLayout.CIFAR10, 3, 32).mismatch("lenet5", List.of(1, 28, 28)));
        assertTrue(summary(DataLayout.IDX, 1, 14)
                .mismatch("lenet5", List.of(1, 28, 28))
                .orElseThrow()
                .contains("holds [1, 14, 14] images"));
    }

    @Test
    void shouldAcceptImagesOfTheModelsShapeAndAnyImageTree() {
        assertTrue(
                summary(DataLayout.IDX, 1, 28).mismatch("m", List.of(1, 28, 28)).isEmpty());
        assertTrue(summary(DataLayout.IMAGE_TREE, 1, 64)
                .mismatch("m", List.of(3, 32, 32))
                .isEmpty());
    }
}
