package dev.pruneline.ingest;

import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.ModelReleased;
import dev.pruneline.pipeline.store.ArtifactNotFoundException;
import dev.pruneline.pipeline.store.ArtifactStore;
import dev.pruneline.pipeline.store.ArtifactStoreException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@link ModelReleased} events kept as JSON objects in the artifact store: version claims and the outbox. */
@ApplicationScoped
public class StoredEvents {

    private final EventCodec codec = new EventCodec();
    private final ArtifactStore store;

    public StoredEvents(ArtifactStore store) {
        this.store = store;
    }

    /** The event stored under {@code key}, if there is one. */
    Optional<ModelReleased> read(String key) {
        Optional<ArtifactRef> ref = store.stat(key);
        if (ref.isEmpty()) {
            return Optional.empty();
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile("released-event", ".json");
            store.get(ref.get(), tmp);
            return Optional.of(codec.decode(Files.readString(tmp, StandardCharsets.UTF_8), ModelReleased.class));
        } catch (ArtifactNotFoundException e) {
            return Optional.empty(); // deleted between stat and get
        } catch (IOException e) {
            throw new ArtifactStoreException("cannot read the event stored as '" + key + "': " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                tmp.toFile().delete(); // best effort: a few bytes in the temp folder
            }
        }
    }

    /** Stores {@code event} under {@code key}, replacing what was there. */
    void write(String key, ModelReleased event) {
        store.put(key, codec.encode(event).getBytes(StandardCharsets.UTF_8));
    }
}
