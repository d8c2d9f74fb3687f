package dev.pruneline.core.criteria;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.graph.ChannelGroup;
import dev.pruneline.core.graph.DependencyGraph;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MagnitudeCriterionTest {
    /** conv 1x1 (2 filters) -> batch-norm -> relu -> conv 1x1 (1 filter) -> flatten -> fc, on 2x2 images. */
    static final ModelSpec CONV_BN_CONV = TinyNets.spec(
            2,
            2,
            TinyNets.conv("conv1", 2, 1),
            TinyNets.of("bn", LayerType.BATCHNORM),
            TinyNets.of("relu", LayerType.RELU),
            TinyNets.conv("conv2", 1, 1),
            TinyNets.of("flat", LayerType.FLATTEN),
            TinyNets.linear("fc", 2));

    /** conv 1x1 (3 filters) -> relu -> flatten -> fc on 2x2 images: each channel owns 4 of the fc's 12 inputs. */
    static final ModelSpec CONV_FLATTEN_FC = TinyNets.spec(
            2,
            2,
            TinyNets.conv("conv", 3, 1),
            TinyNets.of("relu", LayerType.RELU),
            TinyNets.of("flat", LayerType.FLATTEN),
            TinyNets.linear("fc", 2));

    private static float[] scores(ModelSpec spec, ModelBundle net, String group, Map<String, String> params) {
        ChannelGroup g = DependencyGraph.of(spec).group(group).orElseThrow();
        return new MagnitudeCriterion().channelScores(CriterionContext.of(net, params), g);
    }

    @Test
    void behindABatchNormTheChannelScaleIsGammaNotTheFilterNorm() {
        // filter 0 is five times larger, but the batch-norm scales channel 0 down to 0.1 and channel 1 up to 2
        ModelBundle net = TinyNets.bundle(
                CONV_BN_CONV,
                Map.of(
                        "conv1.weight", new float[] {5, 1},
                        "bn.gamma", new float[] {0.1f, 2},
                        "conv2.weight", new float[] {1, 1}));
        float[] contribution = scores(CONV_BN_CONV, net, "conv1", Map.of());
        assertTrue(contribution[1] > 10 * contribution[0], Arrays.toString(contribution));
        float[] filter = scores(CONV_BN_CONV, net, "conv1", Map.of("scope", "filter"));
        assertTrue(filter[0] > filter[1], Arrays.toString(filter));
    }

    @Test
    void aChannelItsConsumerDoesNotReadScoresZero() {
        ModelBundle net = TinyNets.bundle(
                CONV_BN_CONV,
                Map.of(
                        "conv1.weight", new float[] {1, 1},
                        "bn.gamma", new float[] {1, 1},
                        "conv2.weight", new float[] {0, 3}));
        float[] s = scores(CONV_BN_CONV, net, "conv1", Map.of());
        assertEquals(0f, s[0]);
        assertTrue(s[1] > 0, Arrays.toString(s));
    }

    @Test
    void behindAFlattenEachChannelIsReadThroughItsWholeBlockOfFeatures() {
        // fc rows of 12 inputs: channel 0 owns inputs 0-3, channel 1 inputs 4-7, channel 2 inputs 8-11
        float[] fc = {
            0, 0, 0, 0, 1, 1, 1, 1, 2, 0, 0, 0,
            0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, -2
        };
        ModelBundle net =
                TinyNets.bundle(CONV_FLATTEN_FC, Map.of("conv.weight", new float[] {1, 1, 1}, "fc.weight", fc));
        float[] s = scores(CONV_FLATTEN_FC, net, "conv", Map.of());
        // no batch-norm: equal filters give equal scales, and the consumer's reads are 0, 8 and 4 (mean 4)
        assertArrayEquals(new float[] {0f, 2f, 1f}, s, 1e-6f);
    }

    @Test
    void withoutABatchNormTheFilterNormAndTheReadsMultiply() {
        float[] fc = {
            1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
            1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
        };
        ModelBundle net =
                TinyNets.bundle(CONV_FLATTEN_FC, Map.of("conv.weight", new float[] {1, 2, 3}, "fc.weight", fc));
        float[] s = scores(CONV_FLATTEN_FC, net, "conv", Map.of());
        assertArrayEquals(new float[] {0.5f, 1f, 1.5f}, s, 1e-6f);
        float[] l2 = scores(CONV_FLATTEN_FC, net, "conv", Map.of("norm", "l2"));
        assertArrayEquals(new float[] {0.5f, 1f, 1.5f}, l2, 1e-6f);
    }
}
