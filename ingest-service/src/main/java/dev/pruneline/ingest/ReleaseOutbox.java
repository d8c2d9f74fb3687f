package dev.pruneline.ingest;

import dev.pruneline.pipeline.event.ModelReleased;
import dev.pruneline.pipeline.store.ArtifactKeys;
import dev.pruneline.pipeline.store.ArtifactStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * The {@code model.released} events that Kafka has not acknowledged yet, one JSON object per release under
 * {@link ArtifactKeys#outbox} in the artifact store (ingest has no database). An upload writes its event here before
 * it claims the version and removes it once the broker has the event; whatever is left behind (a crash, a Kafka
 * outage longer than the publish timeout) {@link OutboxRelay} publishes later. Nothing between store and publish is
 * lost.
 */
@ApplicationScoped
public class ReleaseOutbox {

    private final ArtifactStore store;
    private final StoredEvents events;

    ReleaseOutbox(ArtifactStore store, StoredEvents events) {
        this.store = store;
        this.events = events;
    }

    /** Keeps {@code event} until {@link #remove} is called for its release. */
    void add(ModelReleased event) {
        events.write(ArtifactKeys.outbox(event.releaseId()), event);
    }

    /** Whether the event of {@code releaseId} is waiting for Kafka. */
    boolean holds(String releaseId) {
        return store.stat(ArtifactKeys.outbox(releaseId)).isPresent();
    }

    /** Forgets the event of {@code releaseId}: Kafka has acknowledged it. */
    void remove(String releaseId) {
        store.delete(ArtifactKeys.outbox(releaseId));
    }

    /** The keys of every waiting event. */
    List<String> keys() {
        return store.list(ArtifactKeys.OUTBOX_PREFIX);
    }

    /** The event under an outbox key, unless it was removed meanwhile. */
    Optional<ModelReleased> read(String key) {
        return events.read(key);
    }
}
