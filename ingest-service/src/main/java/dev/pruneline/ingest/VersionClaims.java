package dev.pruneline.ingest;

import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.ModelReleased;
import dev.pruneline.pipeline.store.ArtifactKeys;
import dev.pruneline.pipeline.store.ArtifactStore;
import dev.pruneline.pipeline.store.ArtifactStoreException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which release holds each model version. A version is released once: the accepted {@code model.released} event is
 * kept under {@link ArtifactKeys#versionClaim}, so a retried upload of the same content republishes that event, and
 * different content under the same version is refused before anything runs. Two uploads of one version racing each
 * other can both pass this check; the registry then keeps the first and marks the second failed.
 */
@ApplicationScoped
public class VersionClaims {

    private final EventCodec codec = new EventCodec();
    private final ArtifactStore store;

    public VersionClaims(ArtifactStore store) {
        this.store = store;
    }

    /** The release event that holds {@code version} of {@code model}, if it was released. */
    Optional<ModelReleased> holder(String model, String version) {
        Optional<ArtifactRef> claim = store.stat(ArtifactKeys.versionClaim(model, version));
        if (claim.isEmpty()) {
            return Optional.empty();
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile("version-claim", ".json");
            store.get(claim.get(), tmp);
            return Optional.of(codec.decode(Files.readString(tmp, StandardCharsets.UTF_8), ModelReleased.class));
        } catch (IOException e) {
            throw new ArtifactStoreException(
                    "cannot read the claim of " + model + " " + version + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                tmp.toFile().delete(); // best effort: a few bytes in the temp folder
            }
        }
    }

    /** Records that the release of {@code event} holds its version; call after its bundle is stored. */
    void claim(ModelReleased event) {
        store.put(
                ArtifactKeys.versionClaim(event.model(), event.version()),
                codec.encode(event).getBytes(StandardCharsets.UTF_8));
    }
}
