package dev.pruneline.pipeline.store;

import dev.pruneline.pipeline.event.ArtifactRef;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * {@link ArtifactStore} on the MinIO Java SDK; works with MinIO, S3Proxy and AWS S3. The SHA-256 of each object is
 * kept in its user metadata ({@code x-amz-meta-sha256}) and recomputed on every read, because ETags differ in shape
 * between servers and multipart uploads.
 *
 * <p>Every call that reaches the server (put, get, stat, list, delete, ensureBucket) rides out an outage of the S3
 * server of up to {@link StoreSettings#retryFor()}: a transient failure is retried with backoff, each attempt from
 * the start (an upload reopens its stream, a download fetches the whole object again); see {@link StoreRetries}.
 */
public final class MinioArtifactStore implements ArtifactStore {

    static final String SHA256_METADATA = "sha256";

    private final StoreSettings settings;
    private final OkHttpClient http;
    private final MinioClient client;
    private final StoreRetries retries;

    public MinioArtifactStore(StoreSettings settings) {
        this(settings, StoreRetries.AttemptListener.NONE);
    }

    /** A store that reports every attempt of every call to {@code listener}. */
    MinioArtifactStore(StoreSettings settings, StoreRetries.AttemptListener listener) {
        this.settings = settings;
        this.retries = new StoreRetries(settings, listener);
        this.http = new OkHttpClient.Builder()
                .connectTimeout(10, TimeUnit.SECONDS)
                .readTimeout(5, TimeUnit.MINUTES)
                .writeTimeout(5, TimeUnit.MINUTES)
                .build();
        this.client = MinioClient.builder()
                .endpoint(settings.endpoint())
                .credentials(settings.accessKey(), settings.secretKey())
                .region(settings.region())
                .httpClient(http)
                .build();
    }

    @Override
    public ArtifactRef put(String key, Path file) {
        String sha256 = Sha256.of(file);
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new ArtifactStoreException(
                    "cannot read " + file + " to store it as '" + key + "': " + e.getMessage(), e);
        }
        return retries.call("store", key, () -> {
            try (InputStream in = Files.newInputStream(file)) {
                return upload(key, in, size, sha256);
            }
        });
    }

    @Override
    public ArtifactRef put(String key, byte[] bytes) {
        String sha256 = Sha256.of(bytes);
        return retries.call("store", key, () -> upload(key, new ByteArrayInputStream(bytes), bytes.length, sha256));
    }

    private ArtifactRef upload(String key, InputStream in, long size, String sha256) throws Exception {
        client.putObject(PutObjectArgs.builder().bucket(settings.bucket()).object(key).stream(in, size, -1)
                .userMetadata(Map.of(SHA256_METADATA, sha256))
                .build());
        return new ArtifactRef(key, sha256, size);
    }

    @Override
    public void get(ArtifactRef ref, Path target) {
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new ArtifactStoreException(
                    "cannot create the folder of " + target + " to read '" + ref.key() + "': " + e.getMessage(), e);
        }
        try {
            retries.call("read", ref.key(), () -> {
                download(ref, partial);
                return null;
            });
            try {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new ArtifactStoreException(
                        "cannot move '" + ref.key() + "' into place at " + target + ": " + e.getMessage(), e);
            }
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // best effort: a leftover .partial file is overwritten by the next read
            }
        }
    }

    /** One attempt of a read: the whole object into {@code partial}, checked against the reference. */
    private void download(ArtifactRef ref, Path partial) throws Exception {
        try (InputStream in = client.getObject(GetObjectArgs.builder()
                        .bucket(settings.bucket())
                        .object(ref.key())
                        .build());
                OutputStream out = Files.newOutputStream(partial)) {
            in.transferTo(out);
        }
        long size = Files.size(partial);
        String actual = Sha256.of(partial);
        if (!actual.equals(ref.sha256()) || size != ref.sizeBytes()) {
            throw new ArtifactIntegrityException("artifact '" + ref.key() + "' is corrupt: expected SHA-256 "
                    + ref.sha256() + " (" + ref.sizeBytes() + " bytes), read " + actual + " (" + size + " bytes)");
        }
    }

    @Override
    public Optional<ArtifactRef> stat(String key) {
        return retries.call("inspect", key, () -> {
            StatObjectResponse stat;
            try {
                stat = client.statObject(StatObjectArgs.builder()
                        .bucket(settings.bucket())
                        .object(key)
                        .build());
            } catch (ErrorResponseException e) {
                if (StoreRetries.isNotFound(e)) {
                    return Optional.empty();
                }
                throw e;
            }
            String sha256 = stat.userMetadata().get(SHA256_METADATA);
            if (sha256 == null) {
                throw new ArtifactIntegrityException(
                        "artifact '" + key + "' has no recorded SHA-256: it was not written by pruneline");
            }
            return Optional.of(new ArtifactRef(key, sha256, stat.size()));
        });
    }

    @Override
    public List<String> list(String prefix) {
        return retries.call("list", prefix, () -> {
            List<String> keys = new ArrayList<>();
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder()
                    .bucket(settings.bucket())
                    .prefix(prefix)
                    .recursive(true)
                    .build())) {
                Item item = result.get();
                if (!item.isDir() && !item.objectName().endsWith("/")) {
                    keys.add(item.objectName());
                }
            }
            return keys;
        });
    }

    @Override
    public void delete(String key) {
        retries.call("delete", key, () -> {
            client.removeObject(RemoveObjectArgs.builder()
                    .bucket(settings.bucket())
                    .object(key)
                    .build());
            return null;
        });
    }

    @Override
    public String presignedGetUrl(String key, Duration validity) {
        try {
            return client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(Method.GET)
                    .bucket(settings.bucket())
                    .object(key)
                    .expiry((int) validity.toSeconds(), TimeUnit.SECONDS)
                    .build());
        } catch (Exception e) {
            throw new ArtifactStoreException(
                    "cannot presign '" + key + "' at " + settings.endpoint() + " (bucket " + settings.bucket() + "): "
                            + e.getMessage(),
                    e);
        }
    }

    @Override
    public void ensureBucket() {
        retries.call("create bucket", settings.bucket(), () -> {
            if (!client.bucketExists(
                    BucketExistsArgs.builder().bucket(settings.bucket()).build())) {
                client.makeBucket(
                        MakeBucketArgs.builder().bucket(settings.bucket()).build());
            }
            return null;
        });
    }

    /** Stops the HTTP client's threads; without this a JVM lingers about a minute after its work is done. */
    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "MinioArtifactStore[" + settings + "]";
    }
}
