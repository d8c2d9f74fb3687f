package dev.pruneline.core.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RankCorrelationTest {
    @Test
    void isOneForTheSameOrderAndMinusOneForTheReverse() {
        assertEquals(1.0, RankCorrelation.spearman(new float[] {1, 5, 9, 20}, new float[] {0.1f, 0.2f, 3, 4}), 1e-12);
        assertEquals(-1.0, RankCorrelation.spearman(new float[] {1, 2, 3}, new float[] {3, 2, 1}), 1e-12);
    }

    @Test
    void givesTiesTheirAverageRank() {
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, RankCorrelation.ranks(new float[] {0, 1, 1, 7}));
    }

    @Test
    void weighsGroupsByTheirChannelsAndRandomRankingsAverageNearZero() {
        Map<String, float[]> ref = Map.of("a", new float[] {1, 2, 3}, "b", new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        Map<String, float[]> other = Map.of("a", new float[] {3, 2, 1}, "b", new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertEquals((-1.0 * 3 + 1.0 * 9) / 12, RankCorrelation.weighted(ref, other), 1e-12);
        assertTrue(Math.abs(RankCorrelation.randomBaseline(ref, 400, 1)) < 0.1);
    }
}
