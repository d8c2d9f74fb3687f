package dev.pruneline.core.criteria;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.data.ImageSet;
import dev.pruneline.core.graph.DependencyGraph;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LdaCriterionTest {
    /**
     * 2x2 images: pixel 0 is noise whatever the class; pixels 1-3 are dark for class 0 and bright for
     * class 1. A 2x2 conv (one position) with filters: class pixels only, noise pixel only, all pixels.
     */
    static final ModelSpec SPEC = TinyNets.spec(
            2,
            2,
            TinyNets.conv("conv", 3, 2),
            TinyNets.of("relu", LayerType.RELU),
            TinyNets.of("flat", LayerType.FLATTEN),
            TinyNets.linear("fc", 2));

    static final ModelBundle NET = TinyNets.bundle(
            SPEC,
            Map.of("conv.weight", new float[] {0, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1}, "conv.bias", new float[] {0, 0, 0
            }));

    static ImageSet images() {
        Random rnd = new Random(4);
        return TinyNets.images(
                400,
                2,
                i -> {
                    int base = i % 2 == 0 ? 40 : 200;
                    return new int[] {
                        rnd.nextInt(256), base + rnd.nextInt(30), base + rnd.nextInt(30), base + rnd.nextInt(30)
                    };
                },
                i -> i % 2);
    }

    @Test
    void aFilterThatFiresAlikeForEveryClassScoresLowestAndTheClassFilterHighest() {
        float[] s = new LdaCriterion()
                .channelScores(
                        TinyNets.context(NET, images(), Map.of()),
                        DependencyGraph.of(SPEC).group("conv").orElseThrow());
        assertArrayEquals(new int[] {1, 2, 0}, TinyNets.order(s), java.util.Arrays.toString(s));
        assertTrue(s[1] < 0.05 && s[0] > 10, java.util.Arrays.toString(s));
    }
}
