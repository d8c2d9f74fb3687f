package dev.pruneline.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.core.bundle.LayerSpec;
import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.bundle.Normalization;
import dev.pruneline.core.model.Architectures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DependencyGraphTest {
    private static List<String> ids(ModelSpec spec) {
        return DependencyGraph.of(spec).groups().stream().map(ChannelGroup::id).toList();
    }

    private static ChannelGroup group(ModelSpec spec, String id) {
        return DependencyGraph.of(spec).group(id).orElseThrow();
    }

    private static List<String> members(ChannelGroup g, CouplingRole role) {
        return g.members().stream()
                .filter(c -> c.role() == role)
                .map(Coupling::layer)
                .toList();
    }

    @Test
    void leavesTheLogitsOutAndCouplesFlattenWithBlocksOfSpatialSize() {
        ModelSpec lenet = Architectures.lenet5();
        assertEquals(List.of("conv1", "conv2", "fc1", "fc2"), ids(lenet));
        Coupling fc1 = group(lenet, "conv2").consumers().get(0);
        assertEquals("fc1", fc1.layer());
        assertEquals(25, fc1.blockSize());
    }

    @Test
    void putsBatchNormWithTheConvBeforeIt() {
        ChannelGroup g = group(Architectures.vggSmall(), "conv3");
        assertEquals(List.of("conv3"), members(g, CouplingRole.PRODUCER));
        assertEquals(List.of("bn3"), members(g, CouplingRole.NORM));
        assertEquals(List.of("conv4"), members(g, CouplingRole.CONSUMER));
    }

    @Test
    void prunesWholeResidualGroupTogether() {
        ModelSpec resnet = Architectures.resnet8();
        assertEquals(List.of("stem", "s1_conv1", "s2_conv1", "s2_conv2", "s3_conv1", "s3_conv2"), ids(resnet));
        ChannelGroup stage1 = group(resnet, "stem");
        assertTrue(stage1.isResidual());
        assertEquals(List.of("stem", "s1_conv2"), members(stage1, CouplingRole.PRODUCER));
        assertEquals(List.of("stem_bn", "s1_bn2"), members(stage1, CouplingRole.NORM));
        assertEquals(List.of("s1_conv1", "s2_conv1", "s2_proj"), members(stage1, CouplingRole.CONSUMER));
        assertEquals(List.of("s2_conv2", "s2_proj"), members(group(resnet, "s2_conv2"), CouplingRole.PRODUCER));
    }

    @Test
    void neverOffersChannelsAddedToTheModelInput() {
        // input (1 channel) + conv(1 channel) -> the conv's channels are tied to the input: fixed
        ModelSpec spec = new ModelSpec(
                1,
                "skip",
                null,
                List.of(1, 4, 4),
                List.of("a", "b"),
                Normalization.mnist(),
                null,
                List.of(
                        LayerSpec.of("c", LayerType.CONV2D, Map.of("outChannels", 1, "kernel", 3, "padding", 1)),
                        new LayerSpec("sum", LayerType.ADD, Map.of(), List.of("c", "c")),
                        LayerSpec.of("c2", LayerType.CONV2D, Map.of("outChannels", 4, "kernel", 3, "padding", 1)),
                        new LayerSpec("skip", LayerType.ADD, Map.of(), List.of("c2", "c2")),
                        LayerSpec.of("flat", LayerType.FLATTEN, Map.of()),
                        LayerSpec.of("fc", LayerType.LINEAR, Map.of("outFeatures", 2))),
                Map.of(),
                Map.of());
        assertEquals(List.of("c", "c2"), ids(spec));
        assertEquals(16, group(spec, "c2").consumers().get(0).blockSize());
    }
}
