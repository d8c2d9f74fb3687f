package dev.pruneline.pipeline.event;

import java.time.Instant;
import java.util.List;

/**
 * The registry's decision on a candidate: topic {@link Topics#PROMOTED} or {@link Topics#REJECTED}.
 *
 * @param outcome        promoted or rejected
 * @param reason         why, in words a user can act on
 * @param candidate      the candidate bundle
 * @param accuracyDropPp baseline accuracy minus candidate accuracy, in percentage points
 * @param tolerancePp    the largest drop the gate accepted
 * @param candidateArtifacts the candidate by format ({@code pruneline}, {@code onnx}); absent in events written
 *                       before the list existed
 */
public record ReleaseDecision(
        int schemaVersion,
        String eventId,
        String releaseId,
        String model,
        String version,
        Instant occurredAt,
        Outcome outcome,
        String reason,
        ArtifactRef candidate,
        ModelMetrics baseline,
        ModelMetrics candidateMetrics,
        double accuracyDropPp,
        double tolerancePp,
        List<ModelArtifact> candidateArtifacts)
        implements PipelineEvent {

    /** What the promotion gate decided. */
    public enum Outcome {
        PROMOTED,
        REJECTED;

        /** The topic a decision of this outcome is published on. */
        public String topic() {
            return this == PROMOTED ? Topics.PROMOTED : Topics.REJECTED;
        }
    }
}
