package dev.pruneline.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pruneline.core.bundle.BundleArchive;
import dev.pruneline.core.data.SampleData;
import dev.pruneline.core.job.CompressionJobs;
import dev.pruneline.launcher.client.PipelineClient;
import dev.pruneline.launcher.stack.Stack;
import dev.pruneline.launcher.stack.StackSettings;
import dev.pruneline.pipeline.event.EventIds;
import dev.pruneline.pipeline.store.ArtifactKeys;
import dev.pruneline.pipeline.store.MinioArtifactStore;
import dev.pruneline.pipeline.store.Sha256;
import dev.pruneline.pipeline.store.StoreSettings;
import java.io.InputStream;
import java.net.URI;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline for real: devstack (Kafka broker, S3Proxy), the four packaged services as processes, and the
 * registry on the real PostgreSQL at 127.0.0.1:5432 (a fresh database per run). A trained LeNet-5 and the sample
 * data set go in over HTTP; the registry must promote the default policy, reject one that cannot hold accuracy,
 * and a corrupt upload must be refused without disturbing anything. A bare ONNX file and a folder of RGB images go
 * in through {@code ./pruneline release}, and the promoted candidate's ONNX file must run in ONNX Runtime.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndIT {

    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String DATABASE = "pruneline_e2e";
    private static final String MODEL = "lenet5";
    private static final Duration DECISION_TIMEOUT = Duration.ofMinutes(10);
    private static final String OPERATOR_PASSWORD = "e2e-operator";
    private static final String ONNX_MODEL = "resnet-small-onnx";

    @TempDir
    static Path work;

    static Stack stack;
    static Path home;
    static PipelineClient client;
    static Path bundle;
    static Path bundleZip;

    @BeforeAll
    static void startPipeline() throws Exception {
        recreateDatabase();
        home = Path.of(System.getProperty("pruneline.home", ".."))
                .toAbsolutePath()
                .normalize();
        stack = Stack.start(
                new StackSettings(
                        home,
                        work.resolve("stack"),
                        0,
                        0,
                        Map.of(
                                "pruneline.registry.database", "postgresql",
                                "pruneline.registry.pg.url", PG + DATABASE,
                                "pruneline.registry.pg.username", "postgres",
                                "pruneline.registry.pg.password", "",
                                "pruneline.registry.operator.password", OPERATOR_PASSWORD)),
                System.out::println);
        client = new PipelineClient(stack.ingestUrl(), stack.registryUrl(), stack.uploaderPassword());

        Path data = SampleData.extractTo(work.resolve("mnist"));
        bundle = CompressionJobs.train(MODEL, data, 2, 7, work.resolve("lenet5"));
        bundleZip = work.resolve("lenet5.zip");
        BundleArchive.zip(bundle, bundleZip);
        Path dataZip = work.resolve("mnist.zip");
        BundleArchive.zip(data, dataZip);
        // Uploads need the uploader's credentials, which the stack made up and gave to ingest-service.
        PipelineClient.Response anonymous =
                new PipelineClient(stack.ingestUrl(), stack.registryUrl()).uploadDataset("mnist-sample", dataZip);
        assertEquals(401, anonymous.status(), anonymous.body().toString());
        assertEquals(201, client.uploadDataset("mnist-sample", dataZip).status());
    }

    @AfterAll
    static void stopPipeline() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void promotesAPrunedModelThatHoldsItsAccuracy() throws Exception {
        PipelineClient.Response answer = client.release(MODEL, "1", bundleZip, Map.of("dataset", "mnist-sample"));
        assertEquals(202, answer.status(), answer.body().toString());

        JsonNode state = client.awaitFinalState(MODEL, "1", DECISION_TIMEOUT);

        assertEquals("PROMOTED", state.path("status").asText(), state.toString());
        JsonNode baseline = state.path("metrics").path("baseline");
        JsonNode retrained = state.path("metrics").path("retrained");
        double dropPp = 100
                * (baseline.path("accuracy").asDouble()
                        - retrained.path("accuracy").asDouble());
        assertTrue(dropPp <= 1.0, "accuracy drop " + dropPp + " pp");
        assertTrue(retrained.path("sparsity").asDouble() >= 0.8, retrained.toString());
        assertTrue(
                retrained.path("nonzeroParameters").asLong()
                        <= 0.25 * retrained.path("parameters").asLong(),
                retrained.toString());
        System.out.printf(
                "e2e: baseline %.4f, pruned %.4f, retrained %.4f, sparsity %.3f%n",
                baseline.path("accuracy").asDouble(),
                state.path("metrics").path("pruned").path("accuracy").asDouble(),
                retrained.path("accuracy").asDouble(),
                retrained.path("sparsity").asDouble());

        JsonNode production = client.production(MODEL).orElseThrow();
        assertEquals("1", production.path("version").asText());
        byte[] downloaded;
        try (InputStream in =
                URI.create(production.path("downloadUrl").asText()).toURL().openStream()) {
            downloaded = in.readAllBytes();
        }
        assertEquals(
                production.path("bundle").path("sha256").asText(),
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(downloaded)));

        // the web console shows the release with the plots of the workers' own reports
        java.net.http.HttpResponse<String> page = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(URI.create(
                                        Stack.consoleUrl(stack.registryUrl()) + "/models/" + MODEL + "/versions/1"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        for (String shown :
                List.of("PROMOTED", "accuracy against size", "layer widths", "non-zero weights per layer")) {
            assertTrue(page.body().contains(shown), "the console's release page shows " + shown);
        }
    }

    @Test
    @Order(2)
    void rejectsAPolicyThatCannotHoldAccuracyAndSaysWhy() {
        PipelineClient.Response answer = client.release(
                MODEL, "2", bundleZip, Map.of("dataset", "mnist-sample", "sparsity", "0.995", "fine-tune-epochs", "0"));
        assertEquals(202, answer.status(), answer.body().toString());

        JsonNode state = client.awaitFinalState(MODEL, "2", DECISION_TIMEOUT);

        assertEquals("REJECTED", state.path("status").asText(), state.toString());
        String reason = state.path("decision").path("reason").asText();
        assertTrue(reason.contains("tolerance"), reason);
        assertEquals(
                "1",
                client.production(MODEL).orElseThrow().path("version").asText(),
                "a rejected candidate must not replace the production model");
    }

    @Test
    @Order(3)
    void refusesACorruptBundleNamingTheProblemAndKeepsWorking() throws Exception {
        Path corrupt = work.resolve("corrupt");
        copy(bundle, corrupt);
        ObjectMapper json = new ObjectMapper();
        ObjectNode model =
                (ObjectNode) json.readTree(corrupt.resolve("model.json").toFile());
        ObjectNode conv2 = findLayer((ArrayNode) model.get("layers"), "conv2");
        conv2.put("outChannels", conv2.get("outChannels").asInt() + 2);
        json.writeValue(corrupt.resolve("model.json").toFile(), model);
        Path zip = work.resolve("corrupt.zip");
        BundleArchive.zip(corrupt, zip);

        PipelineClient.Response answer = client.release(MODEL, "3", zip, Map.of("dataset", "mnist-sample"));

        assertTrue(answer.status() >= 400 && answer.status() < 500, "status " + answer.status());
        assertTrue(
                answer.body().path("error").asText().contains("conv2"),
                answer.body().toString());
        assertFalse(client.version(MODEL, "3").isPresent(), "a refused upload must not reach the registry");
        Map<String, String> s3 = stack.infrastructure();
        try (MinioArtifactStore store = new MinioArtifactStore(new StoreSettings(
                s3.get("pruneline.s3.endpoint"),
                s3.get("pruneline.s3.access-key"),
                s3.get("pruneline.s3.secret-key"),
                s3.get("pruneline.s3.bucket"),
                null))) {
            String releaseId = EventIds.releaseId(MODEL, "3", Sha256.of(zip));
            assertTrue(store.stat(ArtifactKeys.releasedBundle(releaseId)).isEmpty(), "a refused upload stores nothing");
        }
        assertEquals("1", client.production(MODEL).orElseThrow().path("version").asText());
    }

    @Test
    @Order(4)
    void refusesADataSetOfAnotherImageShapeAndMarksAReleaseFailedWithTheReasonAWorkerGave() throws Exception {
        Path small = work.resolve("digits-14px");
        writeIdx(small, "train", 64, 14, 10);
        writeIdx(small, "t10k", 32, 14, 10);
        Path smallZip = work.resolve("digits-14px.zip");
        BundleArchive.zip(small, smallZip);
        assertEquals(201, client.uploadDataset("digits-14px", smallZip).status());

        PipelineClient.Response refused = client.release(MODEL, "4", bundleZip, Map.of("dataset", "digits-14px"));
        assertEquals(422, refused.status(), refused.body().toString());
        String error = refused.body().path("error").asText();
        assertTrue(error.contains("expects input [1, 28, 28]") && error.contains("[1, 14, 14]"), error);
        assertFalse(client.version(MODEL, "4").isPresent(), "a refused upload must not reach the registry");

        // Twelve labels for a ten-class model: only a worker reading the labels finds out.
        Path twelve = work.resolve("digits-12-classes");
        writeIdx(twelve, "train", 64, 28, 12);
        writeIdx(twelve, "t10k", 36, 28, 12);
        Path twelveZip = work.resolve("digits-12-classes.zip");
        BundleArchive.zip(twelve, twelveZip);
        assertEquals(201, client.uploadDataset("digits-12-classes", twelveZip).status());

        PipelineClient.Response answer = client.release(MODEL, "4", bundleZip, Map.of("dataset", "digits-12-classes"));
        assertEquals(202, answer.status(), answer.body().toString());

        JsonNode state = client.awaitFinalState(MODEL, "4", DECISION_TIMEOUT);

        assertEquals("FAILED", state.path("status").asText(), state.toString());
        String reason = state.path("failure").path("reason").asText();
        assertTrue(reason.contains("holds label 1") && reason.contains("only 10 classes"), reason);
        assertEquals("1", client.production(MODEL).orElseThrow().path("version").asText());
    }

    @Test
    @Order(5)
    void shrinksTheModelByChannelsWhenAReleaseAsksForAMacsTarget() {
        PipelineClient.Response answer = client.release(
                MODEL,
                "5",
                bundleZip,
                Map.of("dataset", "mnist-sample", "granularity", "channel", "sparsity", "0.5", "param.target", "macs"));
        assertEquals(202, answer.status(), answer.body().toString());

        JsonNode state = client.awaitFinalState(MODEL, "5", DECISION_TIMEOUT);

        assertTrue(Set.of("PROMOTED", "REJECTED").contains(state.path("status").asText()), state.toString());
        JsonNode baseline = state.path("metrics").path("baseline");
        JsonNode retrained = state.path("metrics").path("retrained");
        assertTrue(
                retrained.path("macs").asLong() <= 0.5 * baseline.path("macs").asLong(), state.toString());
        assertTrue(
                retrained.path("parameters").asLong()
                        < baseline.path("parameters").asLong(),
                "channel pruning must make the model physically smaller: " + state);
        System.out.printf(
                "e2e channels: MACs %d -> %d, parameters %d -> %d, accuracy %.4f -> %.4f, %s%n",
                baseline.path("macs").asLong(),
                retrained.path("macs").asLong(),
                baseline.path("parameters").asLong(),
                retrained.path("parameters").asLong(),
                baseline.path("accuracy").asDouble(),
                retrained.path("accuracy").asDouble(),
                state.path("status").asText());
    }

    @Test
    @Order(6)
    void letsAnOperatorPromoteTheRejectedVersionAndRollBackFromTheCommandLine() throws Exception {
        String before = client.production(MODEL).orElseThrow().path("version").asText();
        Path passwordFile = work.resolve("operator-password");
        Files.writeString(passwordFile, OPERATOR_PASSWORD + "\n");
        String registry = stack.registryUrl().toString();

        Path wrong = work.resolve("wrong-password");
        Files.writeString(wrong, "not-the-password");
        java.io.StringWriter refusal = new java.io.StringWriter();
        picocli.CommandLine cli = PrunelineCommand.commandLine();
        cli.setErr(new java.io.PrintWriter(refusal, true));
        assertEquals(
                1,
                cli.execute(
                        "promote",
                        "--model",
                        MODEL,
                        "--version",
                        "2",
                        "--reason",
                        "wrong password",
                        "--registry",
                        registry,
                        "--password-file",
                        wrong.toString()));
        assertTrue(refusal.toString().contains("the registry answered 401"), refusal.toString());
        assertEquals(
                before, client.production(MODEL).orElseThrow().path("version").asText());

        assertEquals(
                0,
                Main.run(
                        "promote",
                        "--model",
                        MODEL,
                        "--version",
                        "2",
                        "--reason",
                        "rejected by the gate, accepted by hand",
                        "--registry",
                        registry,
                        "--password-file",
                        passwordFile.toString()));
        JsonNode production = client.production(MODEL).orElseThrow();
        assertEquals("2", production.path("version").asText());
        assertEquals("PROMOTE", production.path("change").path("action").asText());
        assertEquals("REJECTED", production.path("decision").path("outcome").asText());

        assertEquals(
                0,
                Main.run(
                        "rollback",
                        "--model",
                        MODEL,
                        "--reason",
                        "back to the gate's choice",
                        "--if-production",
                        "2",
                        "--registry",
                        registry,
                        "--password-file",
                        passwordFile.toString()));
        assertEquals(
                before, client.production(MODEL).orElseThrow().path("version").asText());
    }

    @Test
    @Order(7)
    void compressesABareOnnxReleaseIntoAnOnnxFileThatOnnxRuntimeRuns() throws Exception {
        Path onnx = home.resolve("compression-core/src/test/resources/onnx/resnet_small.onnx");
        Path colours = ColourImages.write(work.resolve("colours"), 30, 10);
        String registry = stack.registryUrl().toString();
        Path uploaderPassword = work.resolve("uploader-password");
        Files.writeString(uploaderPassword, stack.uploaderPassword() + "\n");

        assertEquals(
                0,
                Main.run(
                        "release",
                        "--model",
                        ONNX_MODEL,
                        "--version",
                        "1",
                        "--bundle",
                        onnx.toString(),
                        "--dataset-dir",
                        colours.toString(),
                        "--sparsity",
                        "0.5",
                        "--fine-tune-epochs",
                        "1",
                        "--tolerance-pp",
                        "100",
                        "--ingest",
                        stack.ingestUrl().toString(),
                        "--registry",
                        registry,
                        "--uploader-password-file",
                        uploaderPassword.toString()));
        JsonNode state = client.awaitFinalState(ONNX_MODEL, "1", DECISION_TIMEOUT);

        assertEquals("PROMOTED", state.path("status").asText(), state.toString());
        assertEquals("colours", state.path("dataset").asText(), "the data set is named after its folder");
        JsonNode artifacts = state.path("stages").path("retrained").path("artifacts");
        assertEquals("pruneline", artifacts.path(0).path("format").asText(), artifacts.toString());
        assertEquals("onnx", artifacts.path(1).path("format").asText(), artifacts.toString());
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cli = PrunelineCommand.commandLine();
        cli.setOut(new java.io.PrintWriter(out, true));
        assertEquals(
                0,
                cli.execute(
                        "production", "--model", ONNX_MODEL, "--format", "onnx", "--url-only", "--registry", registry));
        byte[] downloaded;
        try (InputStream in = URI.create(out.toString().strip()).toURL().openStream()) {
            downloaded = in.readAllBytes();
        }
        assertEquals(artifacts.path(1).path("sha256").asText(), Sha256.of(downloaded));

        float[] scores = runOnnx(downloaded, ColourImages.image(3, 9));
        assertEquals(ColourImages.CLASSES, scores.length);
        for (float score : scores) {
            assertTrue(Float.isFinite(score), java.util.Arrays.toString(scores));
        }
        System.out.printf(
                "e2e onnx: baseline %.4f, retrained %.4f, sparsity %.3f, %d ONNX bytes%n",
                state.path("metrics").path("baseline").path("accuracy").asDouble(),
                state.path("metrics").path("retrained").path("accuracy").asDouble(),
                state.path("metrics").path("retrained").path("sparsity").asDouble(),
                downloaded.length);
    }

    /** The output of an ONNX model for one image, as ONNX Runtime computes it. */
    private static float[] runOnnx(byte[] model, float[] image) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] shape = {1, 3, ColourImages.SIDE, ColourImages.SIDE};
        try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(image), shape);
                OrtSession.Result result =
                        session.run(Map.of(session.getInputNames().iterator().next(), input))) {
            float[][] scores = (float[][]) result.get(0).getValue();
            assertEquals(1, scores.length);
            return scores[0];
        }
    }

    /** Writes an IDX image and label file pair of random digits of the given side length. */
    private static void writeIdx(Path dir, String split, int count, int side, int classes) throws Exception {
        Files.createDirectories(dir);
        java.util.Random random = new java.util.Random(1);
        try (java.io.DataOutputStream images =
                        new java.io.DataOutputStream(Files.newOutputStream(dir.resolve(split + "-images-idx3-ubyte")));
                java.io.DataOutputStream labels = new java.io.DataOutputStream(
                        Files.newOutputStream(dir.resolve(split + "-labels-idx1-ubyte")))) {
            images.writeInt(0x803);
            images.writeInt(count);
            images.writeInt(side);
            images.writeInt(side);
            labels.writeInt(0x801);
            labels.writeInt(count);
            for (int i = 0; i < count; i++) {
                byte[] pixels = new byte[side * side];
                random.nextBytes(pixels);
                images.write(pixels);
                labels.writeByte(i % classes);
            }
        }
    }

    private static ObjectNode findLayer(ArrayNode layers, String name) {
        for (JsonNode layer : layers) {
            if (name.equals(layer.path("name").asText())) {
                return (ObjectNode) layer;
            }
        }
        throw new AssertionError("no layer " + name);
    }

    private static void copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    private static void recreateDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection(PG + "postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + DATABASE);
        }
    }
}
