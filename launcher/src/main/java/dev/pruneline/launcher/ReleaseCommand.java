package dev.pruneline.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pruneline.core.bundle.BundleArchive;
import dev.pruneline.launcher.client.PipelineClient;
import dev.pruneline.launcher.stack.StackState;
import dev.pruneline.launcher.stack.UploaderPassword;
import dev.pruneline.pipeline.event.CompressionPolicy;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Releases a model version to a running pipeline (the stack of {@code up}, or any ingest / registry URLs). */
@Command(
        name = "release",
        mixinStandardHelpOptions = true,
        description = "Upload a model bundle (folder, zip or .onnx file) as a new version, optionally with its data"
                + " set, and optionally wait for the registry's decision.")
public class ReleaseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "model name")
    String model;

    @Option(names = "--version", required = true, description = "version of this release")
    String version;

    @Option(
            names = "--bundle",
            required = true,
            description = "bundle folder or zip (model.json + weights, or model.onnx + optional pruneline.json), or a"
                    + " bare .onnx file")
    Path bundle;

    @Option(
            names = "--dataset",
            description = "data set name (default: the --dataset-dir folder's name, else the one model.json or"
                    + " pruneline.json names)")
    String dataset;

    @Option(
            names = "--dataset-dir",
            description = "upload this data folder first (IDX files, CIFAR-10 binary batches or an image tree"
                    + " train/<class>/*, test/<class>/*)")
    Path datasetDir;

    @Option(
            names = "--criterion",
            description = "importance criterion (default: " + CompressionPolicy.DEFAULT_CRITERION + ")")
    String criterion;

    @Option(
            names = "--sparsity",
            description = "target sparsity, 0..1 (default: " + CompressionPolicy.DEFAULT_SPARSITY + ")")
    Double sparsity;

    @Option(
            names = "--fine-tune-epochs",
            description = "fine-tuning epochs (default: " + CompressionPolicy.DEFAULT_FINE_TUNE_EPOCHS + ")")
    Integer fineTuneEpochs;

    @Option(
            names = "--tolerance-pp",
            description = "largest accepted accuracy drop, in points (default: "
                    + CompressionPolicy.DEFAULT_TOLERANCE_PP + ")")
    Double tolerancePp;

    @Option(names = "--ingest", description = "ingest-service URL (default: the stack of ./pruneline up)")
    URI ingest;

    @Option(names = "--registry", description = "registry-service URL (default: the stack of ./pruneline up)")
    URI registry;

    @Option(names = "--wait", description = "wait for the registry's decision and print it")
    boolean await;

    @Option(
            names = "--uploader-password-file",
            description = "file holding ingest-service's uploader password (default: env " + UploaderPassword.ENV
                    + ", else the password of the stack of ./pruneline up)")
    Path uploaderPasswordFile;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Optional<StackState> stack;
        if (ingest == null || registry == null) {
            stack = Optional.of(StackState.read(Home.stateFile())
                    .orElseThrow(() -> new ParameterException(
                            spec.commandLine(),
                            "no stack is up: give --ingest and --registry, or run ./pruneline up")));
            ingest = ingest == null ? URI.create(stack.get().ingestUrl()) : ingest;
            registry = registry == null ? URI.create(stack.get().registryUrl()) : registry;
        } else {
            stack = StackState.read(Home.stateFile());
        }
        PipelineClient client =
                new PipelineClient(ingest, registry, uploaderPassword(stack).orElse(null));
        Path scratch = Files.createTempDirectory("pruneline-release");
        if (datasetDir != null) {
            if (dataset == null) {
                dataset = datasetDir.toAbsolutePath().normalize().getFileName().toString();
            }
            Path zip = scratch.resolve("dataset.zip");
            BundleArchive.zip(datasetDir, zip);
            client.uploadDataset(dataset, zip).ok();
            out.println("uploaded data set " + dataset);
        }
        Path zip = bundle;
        if (Files.isDirectory(bundle)) {
            zip = scratch.resolve("bundle.zip");
            BundleArchive.zip(bundle, zip);
        }
        JsonNode answer = client.release(model, version, zip, policy()).ok().body();
        out.println("released " + model + " " + version + ": release "
                + answer.path("releaseId").asText());
        if (!await) {
            return 0;
        }
        JsonNode state = client.awaitFinalState(model, version, Duration.ofMinutes(30));
        DecisionReport.print(out, state, client.production(model).orElse(null));
        return "FAILED".equals(state.path("status").asText()) ? 1 : 0;
    }

    /**
     * The uploader's password: from {@code --uploader-password-file}, else {@value UploaderPassword#ENV}, else the
     * password of the stack of {@code ./pruneline up} when uploading to that stack; empty when none of these has one
     * (the upload then goes without credentials, which only an ingest-service that needs none accepts).
     */
    private Optional<String> uploaderPassword(Optional<StackState> stack) {
        if (uploaderPasswordFile != null) {
            try {
                return Optional.of(Files.readString(uploaderPasswordFile).strip());
            } catch (java.io.IOException e) {
                throw new ParameterException(
                        spec.commandLine(),
                        "cannot read --uploader-password-file " + uploaderPasswordFile + ": " + e.getMessage());
            }
        }
        Optional<String> environment = UploaderPassword.fromEnvironment();
        if (environment.isPresent()) {
            return environment;
        }
        return stack.filter(s -> URI.create(s.ingestUrl()).equals(ingest))
                .flatMap(s -> UploaderPassword.read(Home.uploaderPasswordFile()));
    }

    private Map<String, String> policy() {
        Map<String, String> policy = new LinkedHashMap<>();
        put(policy, "dataset", dataset);
        put(policy, "criterion", criterion);
        put(policy, "sparsity", sparsity);
        put(policy, "fine-tune-epochs", fineTuneEpochs);
        put(policy, "tolerance-pp", tolerancePp);
        return policy;
    }

    private static void put(Map<String, String> map, String key, Object value) {
        if (value != null) {
            map.put(key, value.toString());
        }
    }
}
