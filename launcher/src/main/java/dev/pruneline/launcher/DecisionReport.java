package dev.pruneline.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;

/** Prints a release's outcome, as the registry reports it, as a short table. */
final class DecisionReport {
    private DecisionReport() {}

    static void print(PrintWriter out, JsonNode version, JsonNode production) {
        out.println();
        out.printf(
                "%s %s: %s%n",
                version.path("model").asText(),
                version.path("version").asText(),
                version.path("status").asText());
        JsonNode metrics = version.path("metrics");
        out.printf("  %-22s %10s %12s %12s %12s %9s%n", "", "accuracy", "parameters", "non-zero", "MACs", "sparsity");
        for (String stage : List.of("baseline", "pruned", "retrained")) {
            JsonNode m = metrics.path(stage);
            if (m.isMissingNode() || m.isNull()) {
                continue;
            }
            out.printf(
                    "  %-22s %9.2f%% %12d %12d %12d %8.1f%%%n",
                    label(stage),
                    100 * m.path("accuracy").asDouble(),
                    m.path("parameters").asLong(),
                    m.path("nonzeroParameters").asLong(),
                    m.path("macs").asLong(),
                    100 * m.path("sparsity").asDouble());
        }
        JsonNode claimed = metrics.path("claimed").path("accuracy");
        if (claimed.isNumber()) {
            out.printf(
                    "  %-22s %9.2f%% (stated, not measured: the gate uses the released row)%n",
                    "model.json claims", 100 * claimed.asDouble());
        }
        JsonNode decision = version.path("decision");
        if (!decision.isMissingNode() && !decision.isNull()) {
            out.printf(
                    "  decision: %s: %s%n",
                    decision.path("outcome").asText(), decision.path("reason").asText());
        }
        JsonNode failure = version.path("failure");
        if (!failure.isMissingNode() && !failure.isNull()) {
            out.printf(
                    "  failed at %s: %s%n",
                    failure.path("stage").asText(), failure.path("reason").asText());
        }
        if (production != null) {
            out.printf(
                    "  production model: %s %s, download: %s%n",
                    production.path("model").asText(),
                    production.path("version").asText(),
                    production.path("downloadUrl").asText());
        }
        out.println();
        out.flush();
    }

    /**
     * The row of a stage's metrics. The prune stage's model may already have trained: the default schedule spreads a
     * release's fine-tune epochs over pruning rounds, so its row is "prune stage", not "before tuning".
     */
    private static String label(String stage) {
        return switch (stage) {
            case "baseline" -> "released";
            case "pruned" -> "pruned (prune stage)";
            default -> "pruned + fine-tuned";
        };
    }
}
