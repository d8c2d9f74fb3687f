package dev.pruneline.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pruneline.launcher.client.PipelineClient;
import dev.pruneline.launcher.stack.StackState;
import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code production}: the production version of a model and a download link of it in one format. */
@Command(
        name = "production",
        mixinStandardHelpOptions = true,
        description = "Print the production version of a model and a presigned download URL (valid one hour) of it"
                + " as a pruneline bundle zip or as an ONNX file.")
public class ProductionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "model name")
    String model;

    @Option(names = "--format", defaultValue = "pruneline", description = "pruneline (bundle zip) or onnx")
    String format;

    @Option(names = "--registry", description = "registry-service URL (default: the stack of ./pruneline up)")
    URI registry;

    @Option(names = "--url-only", description = "print only the download URL (for scripts: curl -o m.onnx \"$(...)\")")
    boolean urlOnly;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PipelineClient client = PipelineClient.forRegistry(registryUrl());
        PipelineClient.Response answer = client.production(model, format);
        if (answer.status() != 200) {
            spec.commandLine()
                    .getErr()
                    .println("error: the registry answered " + answer.status() + ": "
                            + answer.body().path("error").asText(answer.body().toString()));
            return 1;
        }
        JsonNode p = answer.body();
        if (urlOnly) {
            out.println(p.path("downloadUrl").asText());
            return 0;
        }
        out.printf(
                "%s %s (release %s) in production since %s%n",
                p.path("model").asText(),
                p.path("version").asText(),
                p.path("releaseId").asText(),
                p.path("promotedAt").asText());
        out.printf(
                "%s: %s (sha256 %s, %d bytes)%n",
                p.path("format").asText(),
                p.path("artifact").path("key").asText(),
                p.path("artifact").path("sha256").asText(),
                p.path("artifact").path("sizeBytes").asLong());
        out.println(p.path("downloadUrl").asText());
        return 0;
    }

    private URI registryUrl() {
        if (registry != null) {
            return registry;
        }
        return URI.create(StackState.read(Home.stateFile())
                .orElseThrow(() -> new ParameterException(
                        spec.commandLine(), "no stack is up: give --registry, or run ./pruneline up"))
                .registryUrl());
    }
}
