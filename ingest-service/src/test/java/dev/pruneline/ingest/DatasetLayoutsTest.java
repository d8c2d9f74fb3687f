package dev.pruneline.ingest;

import static dev.pruneline.ingest.UploaderAuth.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.core.bundle.BundleArchive;
import dev.pruneline.devstack.DevStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/datasets/{name}} takes every layout compression-core reads, each as a zip. */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
class DatasetLayoutsTest {

    @Test
    void shouldAcceptAZipOfCifar10BinaryBatches() throws IOException {
        Path dir = Files.createDirectories(scratch().resolve("cifar"));
        writeCifarBatch(dir.resolve("data_batch_1.bin"), 30);
        writeCifarBatch(dir.resolve("test_batch.bin"), 10);

        post(dir)
                .body("layout", equalTo("CIFAR10"))
                .body("train", equalTo(30))
                .body("test", equalTo(10))
                .body("channels", equalTo(3))
                .body("rows", equalTo(32))
                .body("cols", equalTo(32))
                .body("classes", equalTo(10));
    }

    @Test
    void shouldAcceptAZipOfAnImageTreeNamingItsClasses() throws IOException {
        Path dir = scratch().resolve("shapes");
        for (String split : new String[] {"train", "test"}) {
            for (String label : new String[] {"circle", "square"}) {
                Path folder = Files.createDirectories(dir.resolve(split).resolve(label));
                for (int i = 0; i < 2; i++) {
                    ImageIO.write(
                            new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB),
                            "png",
                            folder.resolve(i + ".png").toFile());
                }
            }
        }

        post(dir)
                .body("layout", equalTo("IMAGE_TREE"))
                .body("train", equalTo(4))
                .body("test", equalTo(4))
                .body("classes", equalTo(2))
                .body("classNames", equalTo(java.util.List.of("circle", "square")));
    }

    @Test
    void shouldRefuseAReleaseWhoseModelCannotReadTheDataSetNamingBothShapes() throws IOException {
        Path dir = Files.createDirectories(scratch().resolve("cifar"));
        writeCifarBatch(dir.resolve("data_batch_1.bin"), 20);
        writeCifarBatch(dir.resolve("test_batch.bin"), 10);
        String dataset = post(dir).extract().path("name");
        Uploads uploads = new Uploads(scratch());

        String error = given().contentType("application/zip")
                .body(uploads.lenet5.toFile())
                .queryParam("version", "1")
                .queryParam("dataset", dataset)
                .post(
                        "/api/v1/models/{name}/versions",
                        "grey-" + UUID.randomUUID().toString().substring(0, 8))
                .then()
                .statusCode(422)
                .extract()
                .path("error");

        assertTrue(error.contains("expects input [1, 28, 28]") && error.contains("holds [3, 32, 32] images"), error);
    }

    private static io.restassured.response.ValidatableResponse post(Path dir) {
        Path zip = dir.resolveSibling(dir.getFileName() + ".zip");
        BundleArchive.zip(dir, zip);
        return given().contentType("application/zip")
                .body(zip.toFile())
                .post(
                        "/api/v1/datasets/{name}",
                        "layout-" + UUID.randomUUID().toString().substring(0, 8))
                .then()
                .statusCode(201);
    }

    /** CIFAR-10 binary records: one label byte, then 32x32 red, green and blue planes. */
    private static void writeCifarBatch(Path file, int records) throws IOException {
        Random random = new Random(3);
        byte[] bytes = new byte[records * (1 + 3 * 32 * 32)];
        random.nextBytes(bytes);
        for (int r = 0; r < records; r++) {
            bytes[r * (1 + 3 * 32 * 32)] = (byte) (r % 10);
        }
        Files.write(file, bytes);
    }

    private static Path scratch() throws IOException {
        Files.createDirectories(Path.of("target"));
        return Files.createTempDirectory(Path.of("target"), "layouts"); // removed by mvn clean
    }
}
