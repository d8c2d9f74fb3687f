package dev.pruneline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The PromQL lexer finds metric names and matchers, and nothing else. */
class PromQlTest {

    @Test
    void shouldFindMetricsInsideFunctionsAndAggregations() {
        assertEquals(
                Set.of("pruneline_stage_duration_seconds_sum", "pruneline_stage_duration_seconds_count"),
                PromQl.metricNames("sum by (stage) (rate(pruneline_stage_duration_seconds_sum[15m])) / "
                        + "sum by (stage) (rate(pruneline_stage_duration_seconds_count[15m]))"));
    }

    @Test
    void shouldIgnoreLabelsRangesStringsAndKeywords() {
        assertEquals(
                Set.of("kafka_consumergroup_lag"),
                PromQl.metricNames(
                        "sum without (partition) (kafka_consumergroup_lag{consumergroup=~\"pruneline-.*\"} offset 5m) > bool 3"));
        assertEquals(Set.of("up"), PromQl.metricNames("clamp_min(up, 1e3)"));
    }

    @Test
    void shouldReportAMisspelledMetricAsAName() {
        assertEquals(
                Set.of("pruneline_promotion_total"),
                PromQl.metricNames("sum(increase(pruneline_promotion_total{outcome=\"promoted\"}[1h]))"));
    }

    @Test
    void shouldReadSelectorsWithTheirEqualityMatchers() {
        PromQl.Selector selector = PromQl.selectors(
                        "max(pruneline_stage_duration_seconds{quantile=\"0.95\", stage!=\"x\"})")
                .get(0);
        assertEquals("pruneline_stage_duration_seconds", selector.metric());
        assertEquals(Set.of("quantile", "stage"), selector.labels());
        assertEquals(Map.of("quantile", "0.95"), selector.equalities());
    }
}
