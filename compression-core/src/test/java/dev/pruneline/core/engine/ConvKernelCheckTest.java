package dev.pruneline.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConvKernelCheckTest {
    /** Widths a channel-pruned VGG-small, LeNet-5 and ResNet-8 end up with, strided and not. */
    private static final List<ConvSignature> ODD_WIDTHS = List.of(
            new ConvSignature(1, 25, 3, 3, 1, 1, 1, 1, 28, 28, false),
            new ConvSignature(25, 28, 3, 3, 1, 1, 1, 1, 28, 28, false),
            new ConvSignature(34, 41, 3, 3, 1, 1, 1, 1, 14, 14, false),
            new ConvSignature(6, 8, 5, 5, 1, 1, 0, 0, 14, 14, true),
            new ConvSignature(48, 16, 3, 3, 2, 2, 0, 0, 5, 5, true),
            new ConvSignature(20, 40, 1, 1, 2, 2, 0, 0, 14, 14, false));

    @BeforeAll
    static void engine() {
        EngineSetup.start();
    }

    @Test
    void shouldFindTheAlignedKernelEqualToTheReferenceOnOddWidths() {
        for (ConvSignature s : ODD_WIDTHS) {
            ConvKernelCheck.Result r = GradientLock.with(() -> check(s, ConvKernelCheck.ALIGNED));
            assertTrue(r.passed(), s + ": " + r.mismatches());
        }
    }

    @Test
    void shouldFindTheChannelsLastKernelEqualToTheReferenceOnResNetWidths() {
        List<ConvSignature> resnet = List.of(
                new ConvSignature(1, 16, 3, 3, 1, 1, 1, 1, 28, 28, false),
                new ConvSignature(16, 32, 3, 3, 2, 2, 1, 1, 28, 28, false),
                new ConvSignature(32, 64, 1, 1, 2, 2, 0, 0, 14, 14, false));
        for (ConvSignature s : resnet) {
            ConvKernelCheck.Result r =
                    GradientLock.with(() -> check(s, ConvKernelCheck.aligned(ActivationLayout.CHANNELS_LAST)));
            assertTrue(r.passed(), s + ": " + r.mismatches());
        }
    }

    @Test
    void shouldCatchAKernelThatReadsMemoryItNeverWrote() {
        // The output is scaled by an uninitialised tensor (torch.empty): it depends on what freed
        // memory held, as with a kernel that reads padded lanes nobody wrote.
        ConvKernelCheck.Result r = GradientLock.with(() -> check(ODD_WIDTHS.get(1), (x, w, b, s) -> {
            NDArray y = ConvKernelCheck.UNALIGNED.forward(x, w, b, s);
            return y.mul(y.getManager().create(y.getShape(), DataType.FLOAT32));
        }));
        assertFalse(r.passed());
        assertTrue(
                r.mismatches().get(0).contains("stale memory"), r.mismatches().toString());
    }

    @Test
    void shouldCatchAKernelThatIsSlightlyWrong() {
        ConvKernelCheck.Result r = GradientLock.with(() ->
                check(ODD_WIDTHS.get(3), (x, w, b, s) -> ConvKernelCheck.ALIGNED.forward(x, w.mul(1.001f), b, s)));
        assertFalse(r.passed());
        assertTrue(
                r.mismatches().stream().anyMatch(m -> m.startsWith("output off by")),
                r.mismatches().toString());
    }

    @Test
    void shouldLeaveTheEngineOnItsPath() {
        EngineMode before = EngineSetup.current();
        EngineSetup.verify(List.of(new ConvSignature(3, 7, 3, 3, 1, 1, 1, 1, 9, 9, true)), ActivationLayout.PLAIN);
        assertEquals(before, EngineSetup.current());
    }

    @Test
    void shouldMeasureDifferencesRelativeToTheLargestReferenceValue() {
        assertEquals(0.25, ConvKernelCheck.relativeDifference(new float[] {4, -2}, new float[] {4, -1}), 1e-12);
        assertTrue(Double.isNaN(ConvKernelCheck.relativeDifference(new float[] {1}, new float[] {Float.NaN})));
    }

    private static ConvKernelCheck.Result check(ConvSignature s, ConvKernelCheck.Kernel k) {
        try {
            return ConvKernelCheck.check(s, k);
        } finally {
            EngineSetup.restore(EngineSetup.current());
        }
    }
}
