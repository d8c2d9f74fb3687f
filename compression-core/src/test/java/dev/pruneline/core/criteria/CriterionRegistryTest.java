package dev.pruneline.core.criteria;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CriterionRegistryTest {
    @Test
    void knowsTheNineCriteriaOfTheLiterature() {
        assertEquals(
                List.of(
                        "magnitude",
                        "apoz",
                        "entropy",
                        "energy",
                        "random-search",
                        "lda",
                        "correlation",
                        "taylor",
                        "oracle"),
                List.copyOf(CriterionRegistry.known()));
        for (String name : CriterionRegistry.known()) {
            ImportanceCriterion c = CriterionRegistry.get(name);
            assertEquals(name, c.name());
            assertTrue(c.scoresWeights() || c.scoresChannels(), name);
        }
    }

    @Test
    void refusesAParameterTheCriterionDoesNotHave() {
        CriterionException e = assertThrows(
                CriterionException.class,
                () -> CriterionRegistry.checkParameters(new EntropyCriterion(), Map.of("bin", "50"), Set.of("target")));
        assertEquals(
                "criterion 'entropy' has no parameter 'bin' (its parameters: bins, images; pruning keys: target)",
                e.getMessage());
    }

    @Test
    void acceptsWorkflowKeysAndDeclaredParameters() {
        CriterionRegistry.checkParameters(
                new RandomSearchCriterion(), Map.of("masks", "60", "target", "macs"), Set.of("target"));
    }

    @Test
    void refusesAnOutOfRangeValue() {
        CriterionException e = assertThrows(
                CriterionException.class,
                () -> CriterionRegistry.checkParameters(
                        new CorrelationCriterion(), Map.of("keep_random", "0.9"), Set.of()));
        assertEquals(
                "criterion 'correlation': parameter keep_random must be a number from 0 to 0.5, got '0.9'",
                e.getMessage());
    }

    @Test
    void documentsEveryParameter() {
        assertEquals(
                "masks (integer 1..100000, default 50): random masks N drawn and evaluated",
                new RandomSearchCriterion().parameters().get(0).help());
    }
}
