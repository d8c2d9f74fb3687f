package dev.pruneline.pipeline.event;

import java.time.Instant;

/**
 * What every pipeline event carries. Events are immutable records, one type per topic; the
 * {@code eventId} of a stage's event is derived from the release and the stage
 * ({@link EventIds#of(String, String)}), so a re-run of a stage republishes the same id and consumers
 * can drop the duplicate.
 */
public sealed interface PipelineEvent permits ModelReleased, ModelPruned, ModelRetrained, ReleaseDecision {

    /** The event schema version this code writes and the newest it reads. */
    int SCHEMA_VERSION = 1;

    /** Longest model name or version, in characters. */
    int MAX_NAME_LENGTH = 100;

    /** Longest event or release id, in characters. */
    int MAX_ID_LENGTH = 64;

    int schemaVersion();

    String eventId();

    String releaseId();

    String model();

    String version();

    Instant occurredAt();
}
