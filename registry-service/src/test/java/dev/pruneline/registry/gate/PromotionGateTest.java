package dev.pruneline.registry.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.pipeline.event.ModelMetrics;
import dev.pruneline.pipeline.event.ReleaseDecision.Outcome;
import org.junit.jupiter.api.Test;

class PromotionGateTest {

    private final PromotionGate gate = new PromotionGate();

    private static ModelMetrics accuracy(double a) {
        return new ModelMetrics(a, 100, 20, 1000, 0.8);
    }

    @Test
    void shouldPromoteACandidateWithinTolerance() {
        Verdict v = gate.decide(accuracy(0.981), accuracy(0.977), 1.0);

        assertEquals(Outcome.PROMOTED, v.outcome());
        assertEquals(0.4, v.accuracyDropPp(), 1e-9);
        assertEquals("accuracy fell 0.40 points (98.10% -> 97.70%), within the 1.00-point tolerance", v.reason());
    }

    @Test
    void shouldPromoteACandidateExactlyAtTheTolerance() {
        assertTrue(gate.decide(accuracy(0.981), accuracy(0.971), 1.0).promoted());
    }

    @Test
    void shouldPromoteACandidateThatGotBetter() {
        Verdict v = gate.decide(accuracy(0.95), accuracy(0.96), 0.0);

        assertTrue(v.promoted());
        assertTrue(v.reason().startsWith("accuracy rose 1.00 points"), v.reason());
    }

    @Test
    void shouldRejectACandidateBeyondToleranceSayingByHowMuch() {
        Verdict v = gate.decide(accuracy(0.981), accuracy(0.857), 1.0);

        assertEquals(Outcome.REJECTED, v.outcome());
        assertEquals(12.4, v.accuracyDropPp(), 1e-9);
        assertEquals("accuracy fell 12.40 points (98.10% -> 85.70%), more than the 1.00-point tolerance", v.reason());
    }

    @Test
    void shouldRejectANonFiniteAccuracy() {
        Verdict v = gate.decide(accuracy(0.981), accuracy(Double.NaN), 1.0);

        assertEquals(Outcome.REJECTED, v.outcome());
        assertTrue(Double.isNaN(v.accuracyDropPp()));
        assertTrue(v.reason().contains("not a number"), v.reason());
    }

    @Test
    void shouldNameTheDataSetAndSplitTheAccuraciesWereMeasuredOn() {
        Verdict v = new PromotionGate()
                .decide(new ModelMetrics(0.981, 1, 1, 1, 0), new ModelMetrics(0.977, 1, 1, 1, 0.8), 1.0, "fashion");
        assertEquals(
                "accuracy fell 0.40 points (98.10% -> 97.70%) on the test split of data set 'fashion', within the"
                        + " 1.00-point tolerance",
                v.reason());
    }
}
