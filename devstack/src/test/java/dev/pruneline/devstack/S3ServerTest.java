package dev.pruneline.devstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class S3ServerTest {

    @Test
    void shouldPutGetListAndServeAPresignedGet(@TempDir Path dir) throws Exception {
        byte[] model = "model bytes \u00e9".getBytes(StandardCharsets.UTF_8);
        byte[] report = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        try (S3Server s3 = S3Server.builder().dataDir(dir).bucket("pruneline").start();
                MinioClient minio = client(s3, s3.secretKey())) {
            assertTrue(minio.bucketExists(
                    BucketExistsArgs.builder().bucket("pruneline").build()));
            put(minio, "models/r1/model.bin", model);
            put(minio, "reports/r1.json", report);

            try (InputStream in = minio.getObject(GetObjectArgs.builder()
                    .bucket("pruneline")
                    .object("models/r1/model.bin")
                    .build())) {
                assertArrayEquals(model, in.readAllBytes());
            }

            // The filesystem backend also lists the folders of nested keys ("models/", "models/r1/") in a
            // recursive listing, as zero-length keys ending in "/". Real objects never end in "/": skip those.
            Map<String, Long> objects = new TreeMap<>();
            List<String> folderMarkers = new ArrayList<>();
            for (Result<Item> result : minio.listObjects(ListObjectsArgs.builder()
                    .bucket("pruneline")
                    .recursive(true)
                    .build())) {
                Item item = result.get();
                if (item.objectName().endsWith("/")) {
                    folderMarkers.add(item.objectName());
                } else {
                    objects.put(item.objectName(), item.size());
                }
            }
            assertEquals(
                    Map.of("models/r1/model.bin", (long) model.length, "reports/r1.json", (long) report.length),
                    objects);
            assertTrue(
                    List.of("models/", "models/r1/", "reports/").containsAll(folderMarkers),
                    "only folder markers besides the objects: " + folderMarkers);

            String url = minio.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(Method.GET)
                    .bucket("pruneline")
                    .object("reports/r1.json")
                    .expiry(300)
                    .build());
            HttpResponse<byte[]> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url)).GET().build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode());
            assertArrayEquals(report, response.body());

            HttpResponse<byte[]> unsigned = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(s3.endpoint() + "/pruneline/reports/r1.json"))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(403, unsigned.statusCode(), "anonymous requests are refused");
        }
        assertTrue(Files.isRegularFile(dir.resolve("pruneline/models/r1/model.bin")), "objects are plain files");
    }

    @Test
    void shouldRefuseAWrongSecret() throws Exception {
        try (S3Server s3 = S3Server.builder().bucket("refused").start();
                MinioClient minio = client(s3, "not-the-secret")) {
            ErrorResponseException refused = assertThrows(
                    ErrorResponseException.class,
                    () -> minio.bucketExists(
                            BucketExistsArgs.builder().bucket("refused").build()));
            assertEquals(403, refused.response().code());
        }
    }

    private static MinioClient client(S3Server s3, String secret) {
        return MinioClient.builder()
                .endpoint(s3.endpoint())
                .credentials(s3.accessKey(), secret)
                .region("us-east-1")
                .build();
    }

    private static void put(MinioClient minio, String key, byte[] bytes) throws Exception {
        minio.putObject(PutObjectArgs.builder().bucket("pruneline").object(key).stream(
                        new ByteArrayInputStream(bytes), bytes.length, -1)
                .build());
    }
}
