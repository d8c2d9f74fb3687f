package dev.pruneline.ingest;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.devstack.DevStackResource;
import dev.pruneline.devstack.TopicReader;
import dev.pruneline.pipeline.event.EventIds;
import dev.pruneline.pipeline.event.Topics;
import dev.pruneline.pipeline.store.ArtifactStore;
import dev.pruneline.pipeline.store.Sha256;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Uploads need the uploader's credentials (HTTP Basic, role uploader): without them, or with wrong ones, a model
 * release and a data set upload are answered 401 with a message and a Basic challenge, and nothing is stored,
 * claimed or published; with them both go through. Reads stay open.
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadAccessTest {

    private static final Duration QUIET = Duration.ofSeconds(2);

    @Inject
    ArtifactStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private Uploads uploads;

    @BeforeAll
    void makeUploads() throws Exception {
        Files.createDirectories(Path.of("target"));
        uploads = new Uploads(Files.createTempDirectory(Path.of("target"), "ingest-access"));
    }

    @Test
    void shouldRefuseAReleaseWithoutCredentialsWith401AndLeaveNoTrace() {
        String dataset = unique("digits");
        postDataset(UploaderAuth.given(), dataset, uploads.mnist).statusCode(201);
        String model = unique("anonymous");
        String releaseId = EventIds.releaseId(model, "1", Sha256.of(uploads.lenet5));

        try (TopicReader released = new TopicReader(bootstrap, Topics.RELEASED)) {
            postBundle(RestAssured.given(), model, dataset)
                    .statusCode(401)
                    .header("WWW-Authenticate", startsWith("Basic realm="))
                    .body("error", equalTo(ErrorResponses.CREDENTIALS_MISSING));

            assertTrue(store.list("releases/" + releaseId).isEmpty(), "nothing stored for a refused upload");
            assertTrue(
                    released.drain(QUIET).stream().noneMatch(r -> releaseId.equals(r.key())),
                    "nothing published for a refused upload");
        }
        // Nor was the version claimed: the uploader releases it now.
        postBundle(UploaderAuth.given(), model, dataset).statusCode(202).body("releaseId", equalTo(releaseId));
    }

    @Test
    void shouldRefuseWrongPasswordsAndWrongUsersWith401() {
        String dataset = unique("digits");
        postDataset(UploaderAuth.given(), dataset, uploads.mnist).statusCode(201);
        String model = unique("guess");
        for (RequestSpecification wrong : new RequestSpecification[] {
            RestAssured.given().auth().preemptive().basic(UploaderIdentityProvider.USER, "not-the-password"),
            RestAssured.given().auth().preemptive().basic(UploaderIdentityProvider.USER, UploaderAuth.PASSWORD + "x"),
            RestAssured.given().auth().preemptive().basic(UploaderIdentityProvider.USER, ""),
            RestAssured.given().auth().preemptive().basic("operator", UploaderAuth.PASSWORD),
        }) {
            postBundle(wrong, model, dataset)
                    .statusCode(401)
                    .header("WWW-Authenticate", startsWith("Basic realm="))
                    .body("error", equalTo(ErrorResponses.CREDENTIALS_WRONG));
        }
        assertTrue(store.list("releases/" + EventIds.releaseId(model, "1", Sha256.of(uploads.lenet5)))
                .isEmpty());
    }

    @Test
    void shouldRefuseADatasetUploadWithoutCredentialsAndKeepTheLatestOne() {
        String name = unique("digits");
        postDataset(RestAssured.given(), name, uploads.mnist)
                .statusCode(401)
                .body("error", equalTo(ErrorResponses.CREDENTIALS_MISSING));
        postDataset(
                        RestAssured.given().auth().preemptive().basic(UploaderIdentityProvider.USER, "guess"),
                        name,
                        uploads.mnist)
                .statusCode(401)
                .body("error", equalTo(ErrorResponses.CREDENTIALS_WRONG));
        assertTrue(store.list("datasets/" + name + "/").isEmpty(), "nothing stored for a refused data set");

        postDataset(UploaderAuth.given(), name, uploads.mnist).statusCode(201);
        String latest = store.stat(DatasetCatalog.latestKey(name)).orElseThrow().sha256();
        // A refused replacement leaves the latest data set as it was.
        postDataset(RestAssured.given(), name, uploads.mnistWithoutTestLabels).statusCode(401);
        assertTrue(
                latest.equals(
                        store.stat(DatasetCatalog.latestKey(name)).orElseThrow().sha256()),
                "the latest pointer is unchanged");
    }

    @Test
    void shouldLeaveHealthMetricsAndTheApiDocumentOpen() {
        RestAssured.given().get("/q/health").then().statusCode(200);
        RestAssured.given().get("/q/metrics").then().statusCode(200);
        RestAssured.given().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void shouldCompareInConstantTimeAndAcceptOnlyTheUploader() {
        UploaderIdentityProvider provider = new UploaderIdentityProvider(java.util.Optional.of("s3cret"), true);
        assertTrue(provider.accepts("uploader", "s3cret".toCharArray()));
        assertFalse(provider.accepts("uploader", "s3cres".toCharArray()));
        assertFalse(provider.accepts("uploader", "s3cret ".toCharArray()));
        assertFalse(provider.accepts("operator", "s3cret".toCharArray()));
        assertFalse(provider.accepts(null, "s3cret".toCharArray()));
        UploaderIdentityProvider unset = new UploaderIdentityProvider(java.util.Optional.empty(), true);
        assertFalse(unset.accepts("uploader", new char[0]), "no password configured: nothing is accepted");
    }

    private ValidatableResponse postBundle(RequestSpecification request, String model, String dataset) {
        return request.contentType("application/zip")
                .body(uploads.lenet5.toFile())
                .queryParam("version", "1")
                .queryParam("dataset", dataset)
                .post("/api/v1/models/{name}/versions", model)
                .then();
    }

    private static ValidatableResponse postDataset(RequestSpecification request, String name, Path zip) {
        return request.contentType("application/zip")
                .body(zip.toFile())
                .post("/api/v1/datasets/{name}", name)
                .then();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
