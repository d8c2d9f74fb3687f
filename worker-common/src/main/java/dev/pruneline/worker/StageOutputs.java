package dev.pruneline.worker;

import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.PipelineEvent;
import dev.pruneline.pipeline.store.ArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Makes a stage idempotent. When a stage finishes, the event it publishes is itself stored, after the bundle and the
 * report it points at ({@code releases/<id>/<stage>/event.json}); a redelivered input event then finds it and
 * republishes the same event (same id) instead of running the job again.
 */
public final class StageOutputs {

    private final ArtifactStore store;
    private final EventCodec codec;

    public StageOutputs(ArtifactStore store, EventCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    /** The key of a stage's stored event. */
    public static String eventKey(String releaseId, String stage) {
        return "releases/" + releaseId + "/" + stage + "/event.json";
    }

    /** The event a finished stage published, if the stage already ran for this release. */
    public <T extends PipelineEvent> Optional<T> finished(String releaseId, String stage, Class<T> type, Path scratch) {
        Optional<ArtifactRef> ref = store.stat(eventKey(releaseId, stage));
        if (ref.isEmpty()) {
            return Optional.empty();
        }
        store.get(ref.get(), scratch);
        try {
            return Optional.of(codec.decode(Files.readString(scratch, StandardCharsets.UTF_8), type));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records the event a stage is about to publish; call after its artifacts are stored. */
    public void record(String stage, PipelineEvent event) {
        store.put(eventKey(event.releaseId(), stage), codec.encode(event).getBytes(StandardCharsets.UTF_8));
    }
}
