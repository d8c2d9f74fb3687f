package dev.pruneline.pipeline.event;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Deterministic ids, so that redoing a step yields the same id and consumers stay idempotent. */
public final class EventIds {
    private EventIds() {}

    /** The id of the event a stage publishes for a release (name-based UUID, version 3). */
    public static String of(String releaseId, String stage) {
        return UUID.nameUUIDFromBytes((releaseId + "/" + stage).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /**
     * The id of a release: the same model, version and bundle bytes always give the same release, so an
     * upload retried by a client does not create a second release.
     */
    public static String releaseId(String model, String version, String bundleSha256) {
        return UUID.nameUUIDFromBytes((model + "/" + version + "/" + bundleSha256).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
