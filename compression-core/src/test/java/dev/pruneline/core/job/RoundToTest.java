package dev.pruneline.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RoundToTest {
    @Test
    void shouldRoundKeptChannelsToTheNearestMultipleWithinTheGroup() {
        assertEquals(23, PruneWorkflow.roundKeep(23, 32, 1)); // off
        assertEquals(16, PruneWorkflow.roundKeep(23, 32, 16));
        assertEquals(32, PruneWorkflow.roundKeep(24, 32, 16)); // halves go up
        assertEquals(48, PruneWorkflow.roundKeep(45, 64, 16));
        assertEquals(16, PruneWorkflow.roundKeep(3, 64, 16)); // at least one multiple
        assertEquals(10, PruneWorkflow.roundKeep(7, 10, 16)); // a group below one multiple is left whole
        assertEquals(24, PruneWorkflow.roundKeep(22, 32, 8));
    }

    @Test
    void shouldLeaveAGroupWholeWhenItsRatioRemovesNothing() {
        assertEquals(20, PruneWorkflow.keptChannels(0, 20, 16)); // not rounded down to 16
        assertEquals(20, PruneWorkflow.keptChannels(0.04, 20, 16)); // floor(0.8) = 0 channels removed
        assertEquals(16, PruneWorkflow.keptChannels(0.5, 20, 16)); // 10 left, rounded to 16
        assertEquals(7, PruneWorkflow.keptChannels(0.3, 10, 1));
    }
}
