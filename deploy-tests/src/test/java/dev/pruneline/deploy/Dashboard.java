package dev.pruneline.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** deploy/grafana/dashboards/pruneline.json, parsed: its panels and their PromQL queries. */
record Dashboard(JsonNode json, List<Query> queries) {

    static final String FILE = "deploy/grafana/dashboards/pruneline.json";

    static Dashboard load() {
        try {
            JsonNode json = new ObjectMapper().readTree(Repository.read(FILE));
            List<Query> queries = new ArrayList<>();
            for (JsonNode panel : panels(json)) {
                for (JsonNode target : panel.path("targets")) {
                    queries.add(new Query(
                            panel.path("title").asText(), target.path("expr").asText()));
                }
            }
            return new Dashboard(json, queries);
        } catch (IOException e) {
            throw new UncheckedIOException(FILE + " is not JSON", e);
        }
    }

    /** Every panel that is not a row, rows' nested panels included. */
    static List<JsonNode> panels(JsonNode json) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : json.path("panels")) {
            if ("row".equals(panel.path("type").asText())) {
                panel.path("panels").forEach(panels::add);
            } else {
                panels.add(panel);
            }
        }
        return panels;
    }

    /** The data source uids of the panels and their targets. */
    Set<String> datasourceUids() {
        Set<String> uids = new LinkedHashSet<>();
        for (JsonNode panel : panels(json)) {
            uids.add(panel.path("datasource").path("uid").asText());
            panel.path("targets")
                    .forEach(t -> uids.add(t.path("datasource").path("uid").asText()));
        }
        return uids;
    }

    /** Every metric name the dashboard queries. */
    Set<String> metricNames() {
        Set<String> names = new LinkedHashSet<>();
        queries.forEach(q -> names.addAll(PromQl.metricNames(q.expr())));
        return names;
    }

    /** One PromQL query and the panel that shows it. */
    record Query(String panel, String expr) {}
}
