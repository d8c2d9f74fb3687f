package dev.pruneline.pipeline.store;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the artifact store is, and how long a call keeps retrying through an outage. {@link #toString()} masks the
 * secret key.
 *
 * @param endpoint  S3 endpoint URL, e.g. {@code http://127.0.0.1:9000}
 * @param accessKey access key
 * @param secretKey secret key
 * @param bucket    bucket holding every pruneline artifact
 * @param region    region; set it so the client skips the bucket-location call
 * @param retryFor  how long one call retries transient failures (server down, 5xx, SlowDown) before it fails;
 *                  under one second, a call is tried once
 */
public record StoreSettings(
        String endpoint, String accessKey, String secretKey, String bucket, String region, Duration retryFor) {

    /** The retry window unless another is asked for: rides out a restart of the S3 server. */
    public static final Duration DEFAULT_RETRY_FOR = Duration.ofMinutes(2);

    public StoreSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(bucket, "bucket");
        region = region == null || region.isBlank() ? "us-east-1" : region;
        retryFor = retryFor == null ? DEFAULT_RETRY_FOR : retryFor;
        if (retryFor.isNegative()) {
            throw new IllegalArgumentException("retryFor must not be negative, was " + retryFor);
        }
    }

    /** Settings with the {@linkplain #DEFAULT_RETRY_FOR default retry window}. */
    public StoreSettings(String endpoint, String accessKey, String secretKey, String bucket, String region) {
        this(endpoint, accessKey, secretKey, bucket, region, DEFAULT_RETRY_FOR);
    }

    /** The same store with another retry window. */
    public StoreSettings withRetryFor(Duration retryFor) {
        return new StoreSettings(endpoint, accessKey, secretKey, bucket, region, retryFor);
    }

    @Override
    public String toString() {
        return "StoreSettings[endpoint=" + endpoint + ", accessKey=" + accessKey + ", secretKey=***, bucket=" + bucket
                + ", region=" + region + ", retryFor=" + retryFor + "]";
    }
}
