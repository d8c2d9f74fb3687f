package dev.pruneline.pipeline.store;

import dev.pruneline.pipeline.event.ArtifactRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Stores artifacts by key. Every stored object records its SHA-256, and every read checks it: a reader gets
 * the bytes the writer stored, or an {@link ArtifactIntegrityException}. Calls that reach the server ride out
 * transient failures of the store for a configured window before they throw an {@link ArtifactStoreException}.
 */
public interface ArtifactStore extends AutoCloseable {

    /** Uploads a file under {@code key}, replacing what was there, and returns its reference. */
    ArtifactRef put(String key, Path file);

    /** Uploads bytes under {@code key}, replacing what was there, and returns its reference. */
    ArtifactRef put(String key, byte[] bytes);

    /**
     * Downloads the artifact to {@code target} (replaced if present) and verifies size and SHA-256.
     *
     * @throws ArtifactNotFoundException  if there is no such key
     * @throws ArtifactIntegrityException if the stored bytes do not hash to {@code ref.sha256()}
     */
    void get(ArtifactRef ref, Path target);

    /** The reference of a stored object, if it exists. */
    Optional<ArtifactRef> stat(String key);

    /** Keys under a prefix, recursively; folder markers some servers list (keys ending in '/') are left out. */
    List<String> list(String prefix);

    /** Removes the object under {@code key}; removing a key that does not exist succeeds. */
    void delete(String key);

    /** A time-limited URL anyone can GET the object from. */
    String presignedGetUrl(String key, Duration validity);

    /** Creates the bucket if it does not exist. */
    void ensureBucket();

    @Override
    void close();
}
