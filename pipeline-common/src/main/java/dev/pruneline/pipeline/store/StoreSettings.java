package dev.pruneline.pipeline.store;

import java.util.Objects;

/**
 * Where the artifact store is. {@link #toString()} masks the secret key.
 *
 * @param endpoint  S3 endpoint URL, e.g. {@code http://127.0.0.1:9000}
 * @param accessKey access key
 * @param secretKey secret key
 * @param bucket    bucket holding every pruneline artifact
 * @param region    region; set it so the client skips the bucket-location call
 */
public record StoreSettings(String endpoint, String accessKey, String secretKey, String bucket, String region) {
    public StoreSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(bucket, "bucket");
        region = region == null || region.isBlank() ? "us-east-1" : region;
    }

    @Override
    public String toString() {
        return "StoreSettings[endpoint=" + endpoint + ", accessKey=" + accessKey + ", secretKey=***, bucket=" + bucket
                + ", region=" + region + "]";
    }
}
