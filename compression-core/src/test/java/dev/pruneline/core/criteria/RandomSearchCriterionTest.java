package dev.pruneline.core.criteria;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.data.ImageSet;
import dev.pruneline.core.prune.Granularity;
import dev.pruneline.core.prune.Pruner;
import dev.pruneline.core.prune.Selection;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RandomSearchCriterionTest {
    static final ModelBundle NET = OracleAndTaylorTest.NET;
    static final ImageSet IMAGES = OracleAndTaylorTest.IMAGES;

    @Test
    void keepsTheBestOfItsMasksAndPrunesExactlyThatMask() {
        RandomSearchCriterion c = new RandomSearchCriterion();
        CriterionContext ctx = TinyNets.context(NET, IMAGES, Map.of("masks", "12", "ratio", "0.34"));
        ModelBundle pruned = Pruner.of(Granularity.CHANNEL)
                .run(ctx, c, Selection.global(0.34))
                .bundle();
        RandomSearchCriterion.SearchSummary found = c.lastSearch().orElseThrow();
        assertEquals(12, found.accuracies().length);
        assertEquals(Arrays.stream(found.accuracies()).max().orElseThrow(), found.best());
        assertTrue(
                found.best() > Arrays.stream(found.accuracies()).min().orElseThrow(),
                Arrays.toString(found.accuracies()));
        assertEquals(found.best(), TinyNets.accuracy(pruned, IMAGES), 1e-12);
    }

    @Test
    void searchesWeightMasksAtTheRatioPerLayer() {
        RandomSearchCriterion c = new RandomSearchCriterion();
        CriterionContext ctx = TinyNets.context(NET, IMAGES, Map.of("masks", "8", "ratio", "0.5"));
        ModelBundle pruned = Pruner.of(Granularity.WEIGHT)
                .run(ctx, c, Selection.perUnit(Map.of("conv.weight", 0.5, "fc.weight", 0.5)))
                .bundle();
        RandomSearchCriterion.SearchSummary found = c.lastSearch().orElseThrow();
        assertEquals("weight", found.granularity());
        assertEquals(Arrays.stream(found.accuracies()).max().orElseThrow(), found.best());
        assertEquals(found.best(), TinyNets.accuracy(pruned, IMAGES), 1e-12);
    }
}
