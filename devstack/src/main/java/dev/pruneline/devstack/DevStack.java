package dev.pruneline.devstack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the services need around them, in this process: a {@link KafkaBroker} and an {@link S3Server} with
 * the services' bucket, started together and closed together. {@link #toProperties()} gives the services' own
 * configuration keys for them.
 *
 * <p>With a data folder, Kafka keeps its data in {@code <dataDir>/kafka} and S3 in {@code <dataDir>/s3}, and a
 * stack started again on the same folder finds both; without one, both are temporary.
 */
public final class DevStack implements AutoCloseable {

    /** Kafka bootstrap servers, as Quarkus' Kafka clients read them. */
    public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    /** S3 endpoint URL. */
    public static final String S3_ENDPOINT = "pruneline.s3.endpoint";
    /** S3 access key. */
    public static final String S3_ACCESS_KEY = "pruneline.s3.access-key";
    /** S3 secret key. */
    public static final String S3_SECRET_KEY = "pruneline.s3.secret-key";
    /** The bucket holding every artifact. */
    public static final String S3_BUCKET = "pruneline.s3.bucket";
    /** The bucket created unless another is asked for. */
    public static final String DEFAULT_BUCKET = "pruneline";

    private static final Logger LOG = LoggerFactory.getLogger(DevStack.class);

    private final KafkaBroker kafka;
    private final S3Server s3;
    private final String bucket;

    private DevStack(KafkaBroker kafka, S3Server s3, String bucket) {
        this.kafka = kafka;
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** Starts a stack on free ports with temporary data. */
    public static DevStack start() {
        return builder().start();
    }

    /** Starts a stack on free ports with its data in {@code dataDir} (kept after close). */
    public static DevStack start(Path dataDir) {
        return builder().dataDir(dataDir).start();
    }

    /** A builder with the defaults: free ports, temporary data, bucket {@value #DEFAULT_BUCKET}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The broker. */
    public KafkaBroker kafka() {
        return kafka;
    }

    /** The S3 server. */
    public S3Server s3() {
        return s3;
    }

    /** The services' bucket (created at start). */
    public String bucket() {
        return bucket;
    }

    /**
     * The services' configuration for this stack: {@value #KAFKA_BOOTSTRAP_SERVERS}, {@value #S3_ENDPOINT},
     * {@value #S3_ACCESS_KEY}, {@value #S3_SECRET_KEY} and {@value #S3_BUCKET}, in that order.
     */
    public Map<String, String> toProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        properties.put(S3_ENDPOINT, s3.endpoint());
        properties.put(S3_ACCESS_KEY, s3.accessKey());
        properties.put(S3_SECRET_KEY, s3.secretKey());
        properties.put(S3_BUCKET, bucket);
        return properties;
    }

    /** Stops the S3 server and the broker. Idempotent. */
    @Override
    public void close() {
        try {
            s3.close();
        } finally {
            kafka.close();
        }
    }

    @Override
    public String toString() {
        return "DevStack[" + kafka + ", " + s3 + "]";
    }

    /** Options of a {@link DevStack}; {@link #start()} starts one. */
    public static final class Builder {

        private int kafkaPort;
        private int s3Port;
        private Path dataDir;
        private String bucket = DEFAULT_BUCKET;
        private String accessKey = S3Server.DEFAULT_ACCESS_KEY;
        private String secretKey = S3Server.DEFAULT_SECRET_KEY;
        private boolean autoCreateTopics = true;

        private Builder() {}

        /** Kafka's client port; 0 (the default) picks a free one. */
        public Builder kafkaPort(int kafkaPort) {
            this.kafkaPort = kafkaPort;
            return this;
        }

        /** The S3 port; 0 (the default) picks a free one. */
        public Builder s3Port(int s3Port) {
            this.s3Port = s3Port;
            return this;
        }

        /** The data folder, kept; {@code null} (the default) for temporary data. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** The services' bucket, created at start. */
        public Builder bucket(String bucket) {
            this.bucket = Objects.requireNonNull(bucket);
            return this;
        }

        /** The S3 credentials. */
        public Builder credentials(String accessKey, String secretKey) {
            this.accessKey = Objects.requireNonNull(accessKey);
            this.secretKey = Objects.requireNonNull(secretKey);
            return this;
        }

        /** Whether Kafka creates unknown topics on first use ({@code true} by default). */
        public Builder autoCreateTopics(boolean autoCreateTopics) {
            this.autoCreateTopics = autoCreateTopics;
            return this;
        }

        /**
         * Starts the broker and the S3 server side by side and returns once both serve; if either fails, the
         * other is stopped again.
         */
        public DevStack start() {
            long started = System.nanoTime();
            KafkaBroker.Builder kafkaBuilder = KafkaBroker.builder()
                    .port(kafkaPort)
                    .autoCreateTopics(autoCreateTopics)
                    .dataDir(dataDir == null ? null : dataDir.resolve("kafka"));
            S3Server.Builder s3Builder = S3Server.builder()
                    .port(s3Port)
                    .credentials(accessKey, secretKey)
                    .bucket(bucket)
                    .dataDir(dataDir == null ? null : dataDir.resolve("s3"));
            CompletableFuture<S3Server> s3 = CompletableFuture.supplyAsync(s3Builder::start, task -> {
                Thread thread = new Thread(task, "devstack-s3-start");
                thread.setDaemon(true);
                thread.start();
            });
            KafkaBroker kafka;
            try {
                kafka = kafkaBuilder.start();
            } catch (RuntimeException e) {
                s3.thenAccept(S3Server::close);
                throw e;
            }
            try {
                DevStack stack = new DevStack(kafka, s3.join(), bucket);
                LOG.info(
                        "devstack started in {} ms: {}",
                        (System.nanoTime() - started) / 1_000_000,
                        stack.toProperties().get(KAFKA_BOOTSTRAP_SERVERS) + ", "
                                + stack.toProperties().get(S3_ENDPOINT));
                return stack;
            } catch (CompletionException e) {
                kafka.close();
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
    }
}
