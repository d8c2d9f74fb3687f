package dev.pruneline.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Limits and scratch space of the ingest service: keys {@code pruneline.ingest.*} (env
 * {@code PRUNELINE_INGEST_*}). {@code quarkus.http.limits.max-body-size} must stay above the larger upload limit,
 * so that an oversize upload gets this service's 413 with a message rather than the HTTP layer's bare one.
 */
@ConfigMapping(prefix = "pruneline.ingest")
public interface IngestConfig {

    /** Largest model bundle archive accepted, in bytes (64 MiB). */
    @WithDefault("67108864")
    long maxBundleBytes();

    /** Largest data set archive accepted, in bytes (256 MiB). */
    @WithDefault("268435456")
    long maxDatasetBytes();

    /** Most bytes an accepted archive may inflate to when extracted (1 GiB): guards against zip bombs. */
    @WithDefault("1073741824")
    long maxExtractedBytes();

    /** Scratch space; each upload gets its own sub-folder, deleted when the request ends. */
    @WithDefault("${java.io.tmpdir}/pruneline-ingest")
    Path workDir();

    /**
     * How long an upload waits for Kafka to acknowledge its {@code model.released} event (90 s). At least the
     * producer's {@code max.block.ms} plus {@code delivery.timeout.ms} of channel {@code released}, so that the
     * producer has given up by the time the upload answers 503, and an upload rides out a broker restart of about a
     * minute; the outbox relay publishes what is left after that. Also the age at which the relay takes an event
     * over from its upload.
     */
    @WithDefault("90s")
    Duration publishTimeout();

    /** How often {@link OutboxRelay} publishes the events left in the outbox (15 s); it also runs right at start. */
    @WithDefault("15s")
    Duration outboxInterval();

    /** Who may upload: keys {@code pruneline.ingest.uploader.*}. */
    Uploader uploader();

    /**
     * The credentials every upload (every write endpoint) needs: HTTP Basic, user {@value UploaderIdentityProvider#USER},
     * role {@value UploaderIdentityProvider#ROLE}; see {@link UploaderIdentityProvider}.
     */
    interface Uploader {

        /**
         * The uploader's password (env {@code PRUNELINE_INGEST_UPLOADER_PASSWORD}). Unset or blank while
         * {@link #authEnabled()}: no credentials can be valid and every upload is refused with 403 saying so.
         */
        Optional<String> password();

        /**
         * {@code false} lets anyone upload without credentials: for local runs only (env
         * {@code PRUNELINE_INGEST_UPLOADER_AUTH_ENABLED}).
         */
        @WithDefault("true")
        boolean authEnabled();
    }
}
