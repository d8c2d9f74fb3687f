package dev.pruneline.pipeline.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.devstack.S3Server;
import dev.pruneline.pipeline.event.ArtifactRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The artifact store through an outage of a real S3 server (S3Proxy on a folder): calls issued while the server is
 * down complete once it is back on the same port and folder; permanent failures are not retried; a spent retry
 * window says what was tried.
 */
class StoreRetriesTest {

    private static final String BUCKET = "artifacts";
    /** Generous bounds on waits for a condition; none of them is a measure of speed. */
    private static final long WAIT_SECONDS = 60;

    @TempDir
    Path s3Data;

    @TempDir
    Path dir;

    private S3Server server;
    private int port;
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final CountDownLatch retried = new CountDownLatch(1);

    private record Attempt(String action, String subject, int number) {}

    @BeforeEach
    void startServer() {
        server = S3Server.builder().dataDir(s3Data).bucket(BUCKET).start();
        port = server.port();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void shouldCompleteAPutIssuedWhileTheServerIsDownOnceItIsBack() throws Exception {
        byte[] bytes = "weights stored through an outage".getBytes(StandardCharsets.UTF_8);
        try (MinioArtifactStore store = store(Duration.ofMinutes(2))) {
            server.close();

            CompletableFuture<ArtifactRef> put = inBackground(() -> store.put("outage/put.bin", bytes));
            restartServerOnceARetryIsSeen();

            ArtifactRef ref = put.get(WAIT_SECONDS, TimeUnit.SECONDS);
            store.get(ref, dir.resolve("copy.bin"));
            assertArrayEquals(bytes, Files.readAllBytes(dir.resolve("copy.bin")));
            assertEquals(Sha256.of(bytes), ref.sha256());
        }
    }

    @Test
    void shouldCompleteAGetIssuedWhileTheServerIsDownOnceItIsBack() throws Exception {
        Path file = dir.resolve("bundle.zip");
        Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        try (MinioArtifactStore store = store(Duration.ofMinutes(2))) {
            ArtifactRef ref = store.put("outage/get.zip", file);
            server.close();

            Path target = dir.resolve("downloaded.zip");
            CompletableFuture<Void> get = inBackground(() -> {
                store.get(ref, target);
                return null;
            });
            restartServerOnceARetryIsSeen();

            get.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(target));
        }
    }

    @Test
    void shouldFailAtOnceForAMissingKey() {
        try (MinioArtifactStore store = store(Duration.ofMinutes(2))) {
            ArtifactRef missing = new ArtifactRef("outage/none", Sha256.of(new byte[0]), 0);

            assertThrows(ArtifactNotFoundException.class, () -> store.get(missing, dir.resolve("none")));

            assertEquals(List.of(new Attempt("read", "outage/none", 1)), attempts);
        }
    }

    @Test
    void shouldFailAtOnceForBytesThatDoNotMatchTheirReference() {
        try (MinioArtifactStore store = store(Duration.ofMinutes(2))) {
            ArtifactRef stored = store.put("outage/corrupt", new byte[] {1, 2, 3});
            attempts.clear();
            ArtifactRef claimed = new ArtifactRef(stored.key(), Sha256.of(new byte[] {9}), stored.sizeBytes());

            assertThrows(ArtifactIntegrityException.class, () -> store.get(claimed, dir.resolve("corrupt")));

            assertEquals(List.of(new Attempt("read", "outage/corrupt", 1)), attempts);
        }
    }

    @Test
    void shouldFailAtOnceWhenTheServerRefusesTheCredentials() {
        StoreSettings wrongSecret = new StoreSettings(
                server.endpoint(), server.accessKey(), "not-the-secret", BUCKET, null, Duration.ofMinutes(2));
        try (MinioArtifactStore store = new MinioArtifactStore(wrongSecret, this::record)) {
            ArtifactStoreException e =
                    assertThrows(ArtifactStoreException.class, () -> store.put("outage/denied", new byte[] {1}));

            assertEquals(List.of(new Attempt("store", "outage/denied", 1)), attempts, e.getMessage());
        }
    }

    @Test
    void shouldSayHowLongAndHowOftenItTriedWhenTheWindowIsSpent() {
        try (MinioArtifactStore store = store(Duration.ofSeconds(2))) {
            server.close();

            ArtifactStoreException e =
                    assertThrows(ArtifactStoreException.class, () -> store.put("outage/never", new byte[] {1}));

            Matcher tried = Pattern.compile("after (\\d+) attempts over [\\d.]+ s \\(retry window 2\\.0 s\\)")
                    .matcher(e.getMessage());
            assertTrue(tried.find(), e.getMessage());
            assertEquals(attempts.size(), Integer.parseInt(tried.group(1)), e.getMessage());
            assertTrue(attempts.size() > 1, e.getMessage());
            assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
            assertTrue(e.getMessage().contains("outage/never"), e.getMessage());
        }
    }

    private MinioArtifactStore store(Duration retryFor) {
        StoreSettings settings =
                new StoreSettings(server.endpoint(), server.accessKey(), server.secretKey(), BUCKET, null, retryFor);
        return new MinioArtifactStore(settings, this::record);
    }

    private void record(String action, String subject, int number) {
        attempts.add(new Attempt(action, subject, number));
        if (number > 1) {
            retried.countDown();
        }
    }

    /** Waits until a call has failed once and is being retried, then brings the server back on its port and data. */
    private void restartServerOnceARetryIsSeen() throws InterruptedException {
        assertTrue(retried.await(WAIT_SECONDS, TimeUnit.SECONDS), "no retry seen: " + attempts);
        server = S3Server.builder().port(port).dataDir(s3Data).bucket(BUCKET).start();
    }

    private static <T> CompletableFuture<T> inBackground(Supplier<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(
                () -> {
                    try {
                        result.complete(call.get());
                    } catch (Throwable t) {
                        result.completeExceptionally(t);
                    }
                },
                "store-call");
        thread.setDaemon(true);
        thread.start();
        return result;
    }
}
