package dev.pruneline.registry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ProductionOrderTest {

    private static final Instant T = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void shouldOrderVersionsAsPeopleNumberThem() {
        List<String> sorted = Stream.of("10", "2", "1.10", "1.9", "1.0-rc1", "1.0", "1.0.1", "1-beta", "1-alpha", "0.9")
                .sorted(ProductionOrder.VERSIONS)
                .collect(Collectors.toList());
        assertEquals(List.of("0.9", "1-alpha", "1-beta", "1.0-rc1", "1.0", "1.0.1", "1.9", "1.10", "2", "10"), sorted);
        assertEquals(0, ProductionOrder.compareVersions("1.0", "1"));
        assertEquals(0, ProductionOrder.compareVersions("1.00", "1.0.0"));
        assertEquals(0, ProductionOrder.compareVersions("V2", "v2"));
        assertTrue(ProductionOrder.compareVersions("2024.10.1", "2024.9.30") > 0);
        assertTrue(ProductionOrder.compareVersions("123456789012345678901234567890", "9") > 0, "no overflow");
        assertTrue(ProductionOrder.compareVersions("blue", "green") < 0, "text compares as text");
    }

    private static ProductionChange change(String version, ProductionChange.Action action, Instant at) {
        return new ProductionChange(
                1,
                "m",
                "r-" + version,
                version,
                action,
                action == ProductionChange.Action.GATE ? "promotion gate" : "bob",
                "why",
                at,
                null);
    }

    @Test
    void shouldLetTheGateMoveProductionOnlyForward() {
        assertEquals(Optional.empty(), ProductionOrder.holdBack("m", null, "1", T), "nothing in production yet");
        ProductionChange three = change("3", ProductionChange.Action.GATE, T);
        assertEquals(Optional.empty(), ProductionOrder.holdBack("m", three, "4", T.minusSeconds(60)));
        assertEquals(
                Optional.of("production of m is at version 3, newer than 2, and the gate never moves production back"),
                ProductionOrder.holdBack("m", three, "2", T.plusSeconds(60)));
        assertEquals(
                Optional.of(
                        "production of m is at version 3, the same as 3.0, and the gate never moves production back"),
                ProductionOrder.holdBack("m", three, "3.0", T.plusSeconds(60)));
    }

    @Test
    void shouldHoldAnOperatorsChangeAgainstReleasesInFlightButNotAgainstLaterOnes() {
        ProductionChange rolledBack = change("1", ProductionChange.Action.ROLLBACK, T);
        String held = ProductionOrder.holdBack("m", rolledBack, "2", T.minusSeconds(1))
                .orElseThrow();
        assertTrue(held.startsWith("operator bob rolled production back to version 1 at " + T), held);
        assertTrue(ProductionOrder.holdBack("m", rolledBack, "5", T).isPresent(), "arrived at the change: in flight");
        assertEquals(Optional.empty(), ProductionOrder.holdBack("m", rolledBack, "5", T.plusMillis(1)));

        ProductionChange promoted = change("2", ProductionChange.Action.PROMOTE, T);
        assertTrue(ProductionOrder.holdBack("m", promoted, "3", T.minusSeconds(1))
                .orElseThrow()
                .startsWith("operator bob promoted version 2 at "));
        assertTrue(ProductionOrder.holdBack("m", promoted, "1", T.plusSeconds(1))
                .orElseThrow()
                .startsWith("production of m is at version 2, newer than 1"));
    }
}
