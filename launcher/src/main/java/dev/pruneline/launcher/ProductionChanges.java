package dev.pruneline.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pruneline.launcher.client.PipelineClient;
import java.util.Locale;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;

/** Prints the registry's answer to a promote or roll back: the new production version, or the refusal in one line. */
final class ProductionChanges {

    private ProductionChanges() {}

    /**
     * The registry's refusal in one line: its {@code error}, or, for the empty 401 that Quarkus gives a wrong
     * password, what that means.
     */
    static String refusal(PipelineClient.Response answer) {
        JsonNode error = answer.body().path("error");
        String why = error.isTextual()
                ? error.asText()
                : answer.status() == 401
                        ? "wrong operator password"
                        : answer.body().toString();
        return "error: the registry answered " + answer.status() + ": " + why;
    }

    /** Exit code 0 when production changed, 1 when the registry refused (its reason on stderr). */
    static int print(CommandSpec spec, Supplier<PipelineClient.Response> request) {
        PipelineClient.Response answer;
        try {
            answer = request.get();
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 1;
        }
        if (answer.status() < 200 || answer.status() >= 300) {
            spec.commandLine().getErr().println(refusal(answer));
            return 1;
        }
        JsonNode body = answer.body();
        JsonNode change = body.path("change");
        spec.commandLine()
                .getOut()
                .printf(
                        "%s: production is now version %s (release %s), %s by %s: %s%n",
                        body.path("model").asText(),
                        body.path("version").asText(),
                        body.path("releaseId").asText(),
                        change.path("action").asText().toLowerCase(Locale.ROOT),
                        change.path("actor").asText(),
                        change.path("reason").asText());
        return 0;
    }
}
