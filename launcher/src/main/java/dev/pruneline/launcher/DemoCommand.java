package dev.pruneline.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pruneline.core.bundle.BundleArchive;
import dev.pruneline.core.data.SampleData;
import dev.pruneline.core.job.CompressionJobs;
import dev.pruneline.launcher.client.PipelineClient;
import dev.pruneline.launcher.stack.Stack;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The main job, end to end on this machine: start the stack, train LeNet-5 on the sample digits, release it over
 * the ingest REST API, wait for the registry's decision and print it with the numbers before and after.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run the whole pipeline locally: train LeNet-5 on the sample MNIST digits, release it, "
                + "and print the registry's decision.")
public class DemoCommand implements Callable<Integer> {

    static final String MODEL = "lenet5";
    static final String DATASET = "mnist-sample";

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stackOptions;

    @Option(
            names = "--epochs",
            defaultValue = "3",
            description = "training epochs of the released model (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--sparsity", defaultValue = "0.8", description = "target sparsity (default: ${DEFAULT-VALUE})")
    double sparsity;

    @Option(
            names = "--fine-tune-epochs",
            defaultValue = "2",
            description = "fine-tuning epochs (default: ${DEFAULT-VALUE})")
    int fineTuneEpochs;

    @Option(names = "--seed", defaultValue = "7", description = "training seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--keep-running", description = "leave the stack running after the decision, until Ctrl-C")
    boolean keepRunning;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Instant start = Instant.now();
        Path work = Home.runDir()
                .resolve("demo-"
                        + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                                .withZone(ZoneOffset.UTC)
                                .format(start));
        try (Stack stack = Stack.start(stackOptions.settings(work), line -> say(out, line))) {
            say(out, "stack ready: ingest " + stack.ingestUrl() + ", registry " + stack.registryUrl());
            say(out, "web console: " + Stack.consoleUrl(stack.registryUrl()) + " (follows the release live)");

            Path data = SampleData.extractTo(work.resolve("data/mnist"));
            say(out, "training LeNet-5 on the sample MNIST digits for " + epochs + " epochs");
            Path bundle = CompressionJobs.train(MODEL, data, epochs, seed, work.resolve("bundles/lenet5"));
            Path bundleZip = work.resolve("bundles/lenet5.zip");
            BundleArchive.zip(bundle, bundleZip);
            Path dataZip = work.resolve("data/mnist.zip");
            BundleArchive.zip(data, dataZip);

            PipelineClient client =
                    new PipelineClient(stack.ingestUrl(), stack.registryUrl(), stack.uploaderPassword());
            client.uploadDataset(DATASET, dataZip).ok();
            JsonNode release = client.release(
                            MODEL,
                            "1",
                            bundleZip,
                            Map.of(
                                    "dataset", DATASET,
                                    "sparsity", Double.toString(sparsity),
                                    "fine-tune-epochs", Integer.toString(fineTuneEpochs)))
                    .ok()
                    .body();
            say(
                    out,
                    "released " + MODEL + " 1 (release "
                            + release.path("releaseId").asText()
                            + "); waiting for prune, fine-tune and the promotion gate");

            JsonNode state = client.awaitFinalState(MODEL, "1", Duration.ofMinutes(15));
            DecisionReport.print(out, state, client.production(MODEL).orElse(null));
            say(
                    out,
                    "in the web console: " + Stack.consoleUrl(stack.registryUrl()) + "/models/" + MODEL
                            + (keepRunning ? "" : " (while the stack runs: add --keep-running to keep it)"));
            say(
                    out,
                    String.format(
                            "demo took %.1f s; work folder %s",
                            Duration.between(start, Instant.now()).toMillis() / 1000.0, work));
            if (keepRunning) {
                say(out, "stack left running; press Ctrl-C to stop");
                Thread.currentThread().join();
            }
            return "FAILED".equals(state.path("status").asText()) ? 1 : 0;
        }
    }

    private static void say(PrintWriter out, String line) {
        out.println("[demo] " + line);
        out.flush();
    }
}
