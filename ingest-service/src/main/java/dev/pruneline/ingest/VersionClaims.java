package dev.pruneline.ingest;

import dev.pruneline.pipeline.event.ModelReleased;
import dev.pruneline.pipeline.store.ArtifactKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Which release holds each model version. A version is released once: the accepted {@code model.released} event is
 * kept under {@link ArtifactKeys#versionClaim}, so a retried upload of the same content republishes that event, and
 * different content under the same version is refused before anything runs. Two uploads of one version racing each
 * other can both pass this check; the registry then keeps the first and marks the second failed.
 */
@ApplicationScoped
public class VersionClaims {

    private final StoredEvents events;

    public VersionClaims(StoredEvents events) {
        this.events = events;
    }

    /** The release event that holds {@code version} of {@code model}, if it was released. */
    Optional<ModelReleased> holder(String model, String version) {
        return events.read(ArtifactKeys.versionClaim(model, version));
    }

    /** Records that the release of {@code event} holds its version; call after its bundle is stored. */
    void claim(ModelReleased event) {
        events.write(ArtifactKeys.versionClaim(event.model(), event.version()), event);
    }
}
