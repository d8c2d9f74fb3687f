package dev.pruneline.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pruneline.launcher.client.PipelineClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code retry}: an operator runs a failed release again from the stage that failed (after a transient fault that
 * outlasted the workers' retries, say).
 */
@Command(
        name = "retry",
        mixinStandardHelpOptions = true,
        description = "Run a failed release again from the stage that failed (registry operators).")
public class RetryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "model name")
    String model;

    @Option(names = "--version", required = true, description = "the failed version")
    String version;

    @Option(
            names = "--reason",
            defaultValue = "retried from the command line",
            description = "why; kept in the registry's audit (default: ${DEFAULT-VALUE})")
    String reason;

    @Mixin
    OperatorAccess access;

    @Option(names = "--wait", description = "wait for the release's new final state and print it")
    boolean await;

    @Override
    public Integer call() {
        PipelineClient client = PipelineClient.forRegistry(access.registry(spec));
        String password = access.password(spec);
        PrintWriter out = spec.commandLine().getOut();
        PipelineClient.Response answer;
        try {
            answer = client.retry(model, version, reason, password);
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 1;
        }
        if (answer.status() != 202) {
            spec.commandLine().getErr().println(ProductionChanges.refusal(answer));
            return 1;
        }
        out.println(model + " " + version + " (release "
                + answer.body().path("releaseId").asText() + ") runs again from status "
                + answer.body().path("status").asText());
        if (!await) {
            return 0;
        }
        JsonNode state = client.awaitFinalState(model, version, Duration.ofMinutes(30));
        DecisionReport.print(out, state, client.production(model).orElse(null));
        return "FAILED".equals(state.path("status").asText()) ? 1 : 0;
    }
}
