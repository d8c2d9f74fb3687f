package dev.pruneline.pipeline.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.devstack.S3Server;
import dev.pruneline.pipeline.event.ArtifactRef;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The artifact store against a real S3 server (S3Proxy on a folder). */
class MinioArtifactStoreTest {

    static S3Server server;
    static MinioArtifactStore store;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        server = S3Server.builder().start();
        store = new MinioArtifactStore(
                new StoreSettings(server.endpoint(), server.accessKey(), server.secretKey(), "artifacts", null));
        store.ensureBucket();
    }

    @AfterAll
    static void stop() {
        store.close();
        server.close();
    }

    @Test
    void shouldReturnTheBytesItStoredWithTheirHash() throws Exception {
        byte[] bytes = "weights".getBytes(StandardCharsets.UTF_8);

        ArtifactRef ref = store.put("models/a/bundle.zip", bytes);
        store.get(ref, dir.resolve("copy.zip"));

        assertEquals(Sha256.of(bytes), ref.sha256());
        assertEquals(bytes.length, ref.sizeBytes());
        assertArrayEquals(bytes, Files.readAllBytes(dir.resolve("copy.zip")));
        assertEquals(ref, store.stat("models/a/bundle.zip").orElseThrow());
    }

    @Test
    void shouldRefuseToHandOutBytesThatDoNotMatchTheReference() {
        ArtifactRef stored = store.put("models/b/bundle.zip", new byte[] {1, 2, 3});
        ArtifactRef claimed = new ArtifactRef(stored.key(), Sha256.of(new byte[] {9}), stored.sizeBytes());

        ArtifactIntegrityException e =
                assertThrows(ArtifactIntegrityException.class, () -> store.get(claimed, dir.resolve("x")));

        assertTrue(
                e.getMessage().contains("models/b/bundle.zip is corrupt")
                        || e.getMessage().contains("is corrupt"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("x")), "a corrupt download must not be left behind");
    }

    @Test
    void shouldSayWhichKeyIsMissing() {
        ArtifactRef missing = new ArtifactRef("models/none", Sha256.of(new byte[0]), 0);

        ArtifactNotFoundException e =
                assertThrows(ArtifactNotFoundException.class, () -> store.get(missing, dir.resolve("y")));

        assertTrue(e.getMessage().contains("models/none"), e.getMessage());
        assertTrue(store.stat("models/none").isEmpty());
    }

    @Test
    void shouldListKeysUnderAPrefixWithoutFolderMarkers() {
        store.put("list/r1/a.zip", new byte[] {1});
        store.put("list/r1/deeper/b.json", new byte[] {2});
        store.put("other/c", new byte[] {3});

        List<String> keys = store.list("list/");

        assertEquals(
                List.of("list/r1/a.zip", "list/r1/deeper/b.json"),
                keys.stream().sorted().toList());
    }

    @Test
    void shouldHandOutAPresignedUrlThatDownloadsTheObject() throws Exception {
        Path file = dir.resolve("report.json");
        Files.writeString(file, "{\"accuracy\":0.98}");
        ArtifactRef ref = store.put("reports/r.json", file);

        String url = store.presignedGetUrl(ref.key(), Duration.ofMinutes(5));

        try (InputStream in = URI.create(url).toURL().openStream()) {
            assertEquals("{\"accuracy\":0.98}", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
