package dev.pruneline.pipeline.quarkus;

import dev.pruneline.pipeline.store.StoreSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The artifact store of every service: keys {@code pruneline.s3.*} (env {@code PRUNELINE_S3_*}). */
@ConfigMapping(prefix = "pruneline.s3")
public interface S3Config {

    /** S3 endpoint URL, e.g. {@code http://minio:9000}. */
    String endpoint();

    /** Access key. */
    String accessKey();

    /** Secret key; never logged. */
    String secretKey();

    /** Bucket holding every artifact. */
    @WithDefault("pruneline")
    String bucket();

    /** Region; set so the client skips the bucket-location call. */
    @WithDefault("us-east-1")
    String region();

    /**
     * How long one store call retries transient failures (server down, connection reset, 5xx, SlowDown) with
     * backoff before it fails; under one second, each call is tried once.
     */
    @WithDefault("PT2M")
    Duration retryFor();

    default StoreSettings settings() {
        return new StoreSettings(endpoint(), accessKey(), secretKey(), bucket(), region(), retryFor());
    }
}
