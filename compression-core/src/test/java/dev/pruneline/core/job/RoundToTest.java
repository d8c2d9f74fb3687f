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
}
