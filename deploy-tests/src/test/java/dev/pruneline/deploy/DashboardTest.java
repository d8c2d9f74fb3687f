package dev.pruneline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard is valid JSON, shows what the issue asks for, and every pruneline metric it queries (with its
 * labels and matched values) is one the services' meter classes render. The JVM and process metrics are checked
 * against a live scrape in {@link LiveMetricsIT}.
 */
class DashboardTest {

    private final Dashboard dashboard = Dashboard.load();

    @Test
    void shouldHaveUniquePanelIdsAndAQueryInEveryPanel() {
        List<Integer> ids = new ArrayList<>();
        dashboard.json().path("panels").forEach(p -> ids.add(p.path("id").asInt()));
        assertEquals(ids.size(), Set.copyOf(ids).size(), "panel ids repeat: " + ids);
        for (JsonNode panel : Dashboard.panels(dashboard.json())) {
            assertFalse(panel.path("targets").isEmpty(), panel.path("title").asText() + " has no query");
            panel.path("targets")
                    .forEach(t -> assertFalse(
                            t.path("expr").asText().isBlank(),
                            panel.path("title").asText() + " has an empty query"));
        }
        assertEquals("pruneline", dashboard.json().path("uid").asText());
    }

    @Test
    void shouldShowWhatOperatorsNeed() {
        Set<String> names = dashboard.metricNames();
        for (String required : List.of(
                "pruneline_releases_ingested_total",
                "pruneline_stage_duration_seconds",
                "pruneline_stage_jobs_total",
                "pruneline_stage_job_age_seconds",
                "pruneline_dlq_events_total",
                "pruneline_events_refused_total",
                "pruneline_releases_stalled_total",
                "kafka_consumergroup_lag",
                "pruneline_promotions_total",
                "pruneline_model_accuracy_drop_percentage_points_sum",
                "pruneline_model_sparsity_sum",
                "jvm_memory_used_bytes",
                "process_cpu_usage",
                "DCGM_FI_DEV_GPU_UTIL")) {
            assertTrue(names.contains(required), "the dashboard does not query " + required + ": " + names);
        }
        Set<String> quantiles = new java.util.TreeSet<>();
        dashboard
                .queries()
                .forEach(q -> PromQl.selectors(q.expr()).stream()
                        .filter(s -> s.metric().equals("pruneline_stage_duration_seconds"))
                        .forEach(s -> quantiles.add(s.equalities().get("quantile"))));
        assertEquals(Set.of("0.5", "0.95"), quantiles, "stage durations p50 and p95");
    }

    @Test
    void shouldQueryOnlyPrunelineMetricsTheServicesRender() {
        assertExported(dashboard, MeterRendering.render(), name -> name.startsWith("pruneline_"));
    }

    @Test
    void shouldTakeEveryOtherMetricFromAServiceOrADocumentedExporter() {
        for (String name : dashboard.metricNames()) {
            assertTrue(
                    name.startsWith("pruneline_")
                            || name.startsWith("jvm_")
                            || name.startsWith("process_")
                            || ExternalExporters.exports(name),
                    name + " comes from no pruneline service and no documented exporter " + ExternalExporters.FAMILIES);
        }
    }

    /**
     * Fails unless every metric of the dashboard that {@code checked} selects is a sample of {@code exported}, every
     * label it matches on is one of that sample's labels, and every value it matches with = is one seen.
     */
    static void assertExported(Dashboard dashboard, Scrape exported, java.util.function.Predicate<String> checked) {
        List<String> problems = new ArrayList<>();
        for (Dashboard.Query query : dashboard.queries()) {
            for (String name : PromQl.metricNames(query.expr())) {
                if (checked.test(name) && !exported.has(name)) {
                    problems.add("panel '" + query.panel() + "': " + name + " is not exported");
                }
            }
            for (PromQl.Selector selector : PromQl.selectors(query.expr())) {
                if (!checked.test(selector.metric()) || !exported.has(selector.metric())) {
                    continue;
                }
                Map<String, Set<String>> labels = exported.labels(selector.metric());
                for (String label : selector.labels()) {
                    if (!labels.containsKey(label)) {
                        problems.add("panel '" + query.panel() + "': " + selector.metric() + " has no label " + label
                                + " (has " + labels.keySet() + ")");
                    }
                }
                selector.equalities().forEach((label, value) -> {
                    if (labels.containsKey(label) && !labels.get(label).contains(value)) {
                        problems.add("panel '" + query.panel() + "': " + selector.metric() + "{" + label + "=\"" + value
                                + "\"} matches nothing (values " + labels.get(label) + ")");
                    }
                });
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems) + "\nexported: " + exported.names());
    }
}
