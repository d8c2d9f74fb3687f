package dev.pruneline.pipeline.store;

import dev.pruneline.pipeline.event.ArtifactRef;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
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
 */
public final class MinioArtifactStore implements ArtifactStore {

    static final String SHA256_METADATA = "sha256";

    private final StoreSettings settings;
    private final OkHttpClient http;
    private final MinioClient client;

    public MinioArtifactStore(StoreSettings settings) {
        this.settings = settings;
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
        try (InputStream in = Files.newInputStream(file)) {
            return upload(key, in, Files.size(file), sha256);
        } catch (IOException e) {
            throw new ArtifactStoreException(
                    "cannot read " + file + " to store it as '" + key + "': " + e.getMessage(), e);
        }
    }

    @Override
    public ArtifactRef put(String key, byte[] bytes) {
        return upload(key, new ByteArrayInputStream(bytes), bytes.length, Sha256.of(bytes));
    }

    private ArtifactRef upload(String key, InputStream in, long size, String sha256) {
        try {
            client.putObject(PutObjectArgs.builder().bucket(settings.bucket()).object(key).stream(in, size, -1)
                    .userMetadata(Map.of(SHA256_METADATA, sha256))
                    .build());
            return new ArtifactRef(key, sha256, size);
        } catch (Exception e) {
            throw failure("store", key, e);
        }
    }

    @Override
    public void get(ArtifactRef ref, Path target) {
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
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
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (ArtifactStoreException e) {
            throw e;
        } catch (Exception e) {
            throw failure("read", ref.key(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // best effort: a leftover .partial file is overwritten by the next read
            }
        }
    }

    @Override
    public Optional<ArtifactRef> stat(String key) {
        try {
            StatObjectResponse stat = client.statObject(StatObjectArgs.builder()
                    .bucket(settings.bucket())
                    .object(key)
                    .build());
            String sha256 = stat.userMetadata().get(SHA256_METADATA);
            if (sha256 == null) {
                throw new ArtifactIntegrityException(
                        "artifact '" + key + "' has no recorded SHA-256: it was not" + " written by pruneline");
            }
            return Optional.of(new ArtifactRef(key, sha256, stat.size()));
        } catch (ErrorResponseException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw failure("inspect", key, e);
        } catch (ArtifactStoreException e) {
            throw e;
        } catch (Exception e) {
            throw failure("inspect", key, e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        List<String> keys = new ArrayList<>();
        try {
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
        } catch (Exception e) {
            throw failure("list", prefix, e);
        }
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
            throw failure("presign", key, e);
        }
    }

    @Override
    public void ensureBucket() {
        try {
            if (!client.bucketExists(
                    BucketExistsArgs.builder().bucket(settings.bucket()).build())) {
                client.makeBucket(
                        MakeBucketArgs.builder().bucket(settings.bucket()).build());
            }
        } catch (Exception e) {
            throw failure("create bucket", settings.bucket(), e);
        }
    }

    /** Stops the HTTP client's threads; without this a JVM lingers about a minute after its work is done. */
    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private ArtifactStoreException failure(String action, String key, Exception e) {
        if (e instanceof ErrorResponseException ere && isNotFound(ere)) {
            return new ArtifactNotFoundException(key);
        }
        return new ArtifactStoreException(
                "cannot " + action + " '" + key + "' at " + settings.endpoint() + " (bucket " + settings.bucket()
                        + "): " + e.getMessage(),
                e);
    }

    private static boolean isNotFound(ErrorResponseException e) {
        String code = e.errorResponse() == null ? "" : e.errorResponse().code();
        return "NoSuchKey".equals(code)
                || "NoSuchObject".equals(code)
                || e.response() != null && e.response().code() == 404;
    }

    @Override
    public String toString() {
        return "MinioArtifactStore[" + settings + "]";
    }
}
