package dev.pruneline.devstack;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.reference.FilesystemConstants;
import org.jclouds.logging.slf4j.config.SLF4JLoggingModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real S3 server in this process: S3Proxy 2.6 serving a local folder through the jclouds {@code filesystem}
 * backend, on 127.0.0.1, checking AWS V2 and V4 signatures (so presigned URLs work) against one access key.
 * Path-style addressing; any region name is accepted.
 *
 * <pre>{@code
 * try (S3Server s3 = S3Server.builder().dataDir(dir).bucket("pruneline").start()) {
 *     ... s3.endpoint(), s3.accessKey(), s3.secretKey() ...
 * }
 * }</pre>
 *
 * <p>Each bucket is a sub-folder of the data folder and each object a file in it, so what a server stored is there
 * for the next one started on the same folder. Known quirk of the {@code filesystem} backend: a recursive listing
 * also returns the "folders" of nested keys as zero-length entries ending in {@code /} (putting
 * {@code models/a.bin} lists {@code models/} as well); clients that list should skip keys ending in {@code /}.
 */
public final class S3Server implements AutoCloseable {

    /** Access key used unless one is given. */
    public static final String DEFAULT_ACCESS_KEY = "pruneline";
    /** Secret key used unless one is given. */
    public static final String DEFAULT_SECRET_KEY = "pruneline-secret";

    private static final Logger LOG = LoggerFactory.getLogger(S3Server.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    static {
        QuietLogging.apply();
    }

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final Path dataDir;
    private final boolean temporary;
    private final int port;
    private final String accessKey;
    private final String secretKey;
    private final String bucket;
    private final AtomicBoolean closed = new AtomicBoolean();

    private S3Server(
            S3Proxy proxy,
            BlobStoreContext context,
            Path dataDir,
            boolean temporary,
            int port,
            String accessKey,
            String secretKey,
            String bucket) {
        this.proxy = proxy;
        this.context = context;
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.bucket = bucket;
    }

    /** A builder with the defaults: a free port, a temporary folder, the default keys, no bucket. */
    public static Builder builder() {
        return new Builder();
    }

    /** The endpoint URL, e.g. {@code http://127.0.0.1:43121}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The port the server listens on. */
    public int port() {
        return port;
    }

    /** The access key clients must sign with. */
    public String accessKey() {
        return accessKey;
    }

    /** The secret key clients must sign with. */
    public String secretKey() {
        return secretKey;
    }

    /** The bucket created at start, if one was asked for. */
    public Optional<String> bucket() {
        return Optional.ofNullable(bucket);
    }

    /** The folder holding the buckets. */
    public Path dataDir() {
        return dataDir;
    }

    /** Creates a bucket unless it exists; returns whether it was created. */
    public boolean createBucket(String name) {
        return context.getBlobStore().createContainerInLocation(null, name);
    }

    /** Stops the server; deletes the folder if it was a temporary one. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            proxy.stop();
        } catch (Exception e) {
            LOG.warn("S3 server {} did not stop cleanly: {}", endpoint(), e.toString());
        } finally {
            context.close();
            if (temporary) {
                Folders.deleteQuietly(dataDir);
            }
        }
    }

    @Override
    public String toString() {
        return "S3Server[" + endpoint() + ", " + dataDir + "]";
    }

    /** Options of an {@link S3Server}; {@link #start()} starts one. */
    public static final class Builder {

        private int port;
        private Path dataDir;
        private String accessKey = DEFAULT_ACCESS_KEY;
        private String secretKey = DEFAULT_SECRET_KEY;
        private String bucket;

        private Builder() {}

        /** The port; 0 (the default) lets the server bind a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** The data folder, created if missing and kept; {@code null} (the default) for a temporary one. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** The only credentials the server accepts. */
        public Builder credentials(String accessKey, String secretKey) {
            this.accessKey = Objects.requireNonNull(accessKey);
            this.secretKey = Objects.requireNonNull(secretKey);
            return this;
        }

        /** A bucket to create at start unless it exists; none by default. */
        public Builder bucket(String bucket) {
            this.bucket = bucket;
            return this;
        }

        /**
         * Starts the server and returns once it is in state {@code STARTED} (and the bucket, if any, exists).
         *
         * @throws IllegalStateException if the server fails or does not start within 30 s
         */
        public S3Server start() {
            long started = System.nanoTime();
            boolean temporary = dataDir == null;
            Path dir = temporary ? Folders.createTemp("devstack-s3-") : Folders.create(dataDir);
            // jclouds builds its Guice injector and S3Proxy its Jetty with the context class loader; use the one
            // that loaded them (see KafkaBroker for why this matters inside Quarkus tests).
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(S3Server.class.getClassLoader());
            BlobStoreContext context = null;
            S3Proxy proxy = null;
            try {
                Properties overrides = new Properties();
                overrides.setProperty(FilesystemConstants.PROPERTY_BASEDIR, dir.toString());
                context = ContextBuilder.newBuilder("filesystem")
                        .credentials(accessKey, secretKey)
                        .overrides(overrides)
                        .modules(List.of(new SLF4JLoggingModule()))
                        .buildView(BlobStoreContext.class);
                BlobStore blobStore = context.getBlobStore();
                if (bucket != null) {
                    blobStore.createContainerInLocation(null, bucket);
                }
                proxy = S3Proxy.builder()
                        .blobStore(blobStore)
                        .endpoint(URI.create("http://127.0.0.1:" + port))
                        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                        .build();
                proxy.start();
                awaitStarted(proxy);
                S3Server server =
                        new S3Server(proxy, context, dir, temporary, proxy.getPort(), accessKey, secretKey, bucket);
                LOG.info(
                        "S3 server {} started in {} ms (data in {})",
                        server.endpoint(),
                        (System.nanoTime() - started) / 1_000_000,
                        dir);
                return server;
            } catch (Exception e) {
                stopQuietly(proxy);
                if (context != null) {
                    context.close();
                }
                if (temporary) {
                    Folders.deleteQuietly(dir);
                }
                throw new IllegalStateException(
                        "S3 server did not start on 127.0.0.1:" + port + " with data in " + dir + ": " + e.getMessage(),
                        e);
            } finally {
                thread.setContextClassLoader(previous);
            }
        }

        /** S3Proxy's start() may return before Jetty is up: poll its state. */
        private static void awaitStarted(S3Proxy proxy) {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (true) {
                String state = proxy.getState();
                if ("STARTED".equals(state)) {
                    return;
                }
                if ("FAILED".equals(state)) {
                    throw new IllegalStateException("S3Proxy is " + state);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "S3Proxy still " + state + " after " + START_TIMEOUT.toSeconds() + " s");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }

        private static void stopQuietly(S3Proxy proxy) {
            if (proxy == null) {
                return;
            }
            try {
                proxy.stop();
            } catch (Exception ignored) {
                // the start failure is what the caller needs to see
            }
        }
    }
}
