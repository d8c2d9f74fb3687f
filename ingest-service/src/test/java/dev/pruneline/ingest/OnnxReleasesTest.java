package dev.pruneline.ingest;

import static dev.pruneline.ingest.UploaderAuth.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.core.bundle.BundleArchive;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.devstack.DevStackResource;
import dev.pruneline.devstack.TopicReader;
import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.EventIds;
import dev.pruneline.pipeline.event.ModelReleased;
import dev.pruneline.pipeline.event.Topics;
import dev.pruneline.pipeline.store.ArtifactStore;
import dev.pruneline.pipeline.store.Sha256;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** ONNX releases against a real Kafka broker and a real S3 server (devstack): accepted as bare files or zips. */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnnxReleasesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration QUIET = Duration.ofSeconds(2);

    @Inject
    ArtifactStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final EventCodec codec = new EventCodec();
    private Path work;
    private Uploads uploads;
    private OnnxUploads onnx;
    private String dataset;

    @BeforeAll
    void makeUploads() throws Exception {
        Files.createDirectories(Path.of("target"));
        work = Files.createTempDirectory(Path.of("target"), "onnx-test"); // removed by mvn clean
        uploads = new Uploads(work);
        onnx = new OnnxUploads(work.resolve("lenet5"), work.resolve("onnx"));
    }

    /** Uploads the data sets once; the service is up only from the first test on, not yet in {@code @BeforeAll}. */
    @BeforeEach
    void uploadDatasets() {
        if (dataset == null) {
            dataset = "digits-" + UUID.randomUUID().toString().substring(0, 8);
            postDataset(dataset, uploads.mnist);
            postDataset(OnnxUploads.METADATA_DATASET, uploads.mnist);
        }
    }

    @Test
    void shouldStoreABareOnnxFileAsABundleHoldingModelOnnxAndPublishIt() throws Exception {
        String model = unique("mnv2");
        try (TopicReader released = new TopicReader(bootstrap, Topics.RELEASED)) {
            String releaseId = post(model, onnx.bare, "application/octet-stream", "version", "1", "dataset", dataset)
                    .statusCode(202)
                    .body("model", equalTo(model))
                    .body("version", equalTo("1"))
                    .body("dataset.name", equalTo(dataset))
                    .extract()
                    .path("releaseId");

            ModelReleased event = codec.decode(
                    released.await(r -> releaseId.equals(r.key()), WAIT).value(), ModelReleased.class);
            assertEquals(model, event.model());
            Path zip = work.resolve(releaseId + ".zip");
            store.get(event.bundle(), zip); // checks the SHA-256 the event names
            Path content = work.resolve(releaseId);
            try (InputStream in = Files.newInputStream(zip)) {
                BundleArchive.extract(in, content, 10_000_000);
            }
            try (Stream<Path> files = Files.list(content)) {
                assertEquals(
                        List.of(ModelBundle.MODEL_ONNX),
                        files.map(f -> f.getFileName().toString()).toList());
            }
            assertEquals(-1, Files.mismatch(onnx.bare, content.resolve(ModelBundle.MODEL_ONNX)));
            assertEquals(10, ModelBundle.load(zip).spec().classes().size());
        }
    }

    @Test
    void shouldAcceptTheSameOnnxBytesTwiceAsOneRelease() {
        String model = unique("same");
        String first = post(model, onnx.bare, "application/octet-stream", "version", "1", "dataset", dataset)
                .statusCode(202)
                .extract()
                .path("releaseId");
        post(model, onnx.bare, "application/octet-stream", "version", "1", "dataset", dataset)
                .statusCode(202)
                .body("releaseId", equalTo(first));
    }

    @Test
    void shouldTakeTheDatasetFromPrunelineJsonInAZip() {
        post(unique("zipped"), onnx.zipWithMetadata, "application/zip", "version", "3")
                .statusCode(202)
                .body("dataset.name", equalTo(OnnxUploads.METADATA_DATASET));
    }

    @Test
    void shouldRefuseATruncatedOnnxFileAndStoreNothing() throws Exception {
        refused(onnx.truncated, containsString("not a readable ONNX model (truncated or corrupt protobuf)"));
    }

    @Test
    void shouldRefuseAnUnsupportedOperatorNamingTheNode() throws Exception {
        refused(onnx.unsupportedOperator, containsString("operator Einsum is not supported"));
    }

    @Test
    void shouldRefuseAGraphWhoseInitializerIsMissingNamingIt() throws Exception {
        refused(
                onnx.missingInitializer,
                containsString("missing initializer '" + OnnxUploads.firstInitializer(onnx.bare) + "'"));
    }

    @Test
    void shouldRefuseADynamicImageHeight() throws Exception {
        refused(onnx.dynamicHeight, containsString("has a dynamic height dimension ('height')"));
    }

    @Test
    void shouldRefuseATensorClaimingMoreElementsThanAllowed() throws Exception {
        refused(
                onnx.hugeTensor,
                containsString("tensor '" + OnnxUploads.firstInitializer(onnx.bare) + "' claims dims ["
                        + OnnxUploads.HUGE_OUT_CHANNELS + ", 1, 5, 5], more than the 268435456 elements accepted"));
    }

    /** The upload is refused with 422 and the reason; nothing is stored under any model version, nothing published. */
    private void refused(Path body, Matcher<String> reason) throws Exception {
        String model = unique("bad");
        String releaseId = EventIds.releaseId(model, "1", Sha256.of(asStored(body)));
        try (TopicReader released = new TopicReader(bootstrap, Topics.RELEASED)) {
            post(model, body, "application/octet-stream", "version", "1", "dataset", dataset)
                    .statusCode(422)
                    .body("error", reason);
            assertTrue(store.list("releases/" + releaseId).isEmpty(), "nothing stored for a refused release");
            assertTrue(store.list("models/" + model + "/").isEmpty(), "no version claimed for a refused release");
            assertTrue(
                    released.drain(QUIET).stream().noneMatch(r -> r.value().contains(model)),
                    "nothing published for a refused release");
        }
    }

    /** The zip that ingest would store for a bare ONNX body: a folder holding it as model.onnx, zipped. */
    private Path asStored(Path onnxFile) throws Exception {
        Path folder = Files.createDirectories(work.resolve(UUID.randomUUID().toString()));
        Files.copy(onnxFile, folder.resolve(ModelBundle.MODEL_ONNX));
        Path zip = work.resolve(UUID.randomUUID() + ".zip");
        BundleArchive.zip(folder, zip);
        return zip;
    }

    private static ValidatableResponse post(String model, Path body, String contentType, String... query) {
        var request = given().contentType(contentType).body(body.toFile());
        for (int i = 0; i < query.length; i += 2) {
            request = request.queryParam(query[i], query[i + 1]);
        }
        return request.post("/api/v1/models/{name}/versions", model).then();
    }

    private static void postDataset(String name, Path zip) {
        given().contentType("application/zip")
                .body(zip.toFile())
                .post("/api/v1/datasets/{name}", name)
                .then()
                .statusCode(201);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
