package dev.pruneline.registry.store;

import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.ModelArtifact;
import dev.pruneline.pipeline.event.ModelPruned;
import dev.pruneline.pipeline.event.ModelReleased;
import dev.pruneline.pipeline.event.ModelRetrained;
import dev.pruneline.pipeline.event.PipelineEvent;
import java.util.List;
import java.util.Map;

/**
 * The lengths of the schema's text columns (db/migration), and the check that an event's fields fit them before
 * anything is written: a value that does not fit is refused with a message naming the field, never cut short. The
 * contract test compares these lengths with the migrated schema of each database.
 */
final class ColumnLimits {

    /** {@code table.column} -> its length in characters, for every column an event's text reaches. */
    static final Map<String, Integer> COLUMNS = Map.ofEntries(
            Map.entry("releases.release_id", 64),
            Map.entry("releases.model", 200),
            Map.entry("releases.version", 100),
            Map.entry("releases.dataset", 200),
            Map.entry("releases.bundle_key", 500),
            Map.entry("releases.failed_stage", 32),
            Map.entry("candidates.bundle_key", 500),
            Map.entry("candidates.report_key", 500),
            Map.entry("candidates.engine_mode", 200),
            Map.entry("candidate_artifacts.format", 16),
            Map.entry("candidate_artifacts.artifact_key", 500),
            Map.entry("audit.event_id", 64),
            Map.entry("audit.topic", 200));

    private ColumnLimits() {}

    static void check(ModelReleased e) {
        header(e);
        fit("dataset.name", e.dataset().name(), "releases.dataset");
        fit("bundle.key", e.bundle().key(), "releases.bundle_key");
    }

    static void check(ModelPruned e) {
        stage(e, e.bundle(), e.report(), e.engineMode(), e.artifactsOrBundle());
    }

    static void check(ModelRetrained e) {
        stage(e, e.bundle(), e.report(), e.engineMode(), e.artifactsOrBundle());
    }

    static void check(DeadLetter d) {
        fit("releaseId", d.releaseId(), "releases.release_id");
        fit("model", d.model(), "releases.model");
        fit("version", d.version(), "releases.version");
        fit("the failed stage", d.stage(), "releases.failed_stage");
        fit("topic", d.topic(), "audit.topic");
    }

    private static void stage(
            PipelineEvent e, ArtifactRef bundle, ArtifactRef report, String engineMode, List<ModelArtifact> artifacts) {
        header(e);
        fit("bundle.key", bundle.key(), "candidates.bundle_key");
        fit("report.key", report.key(), "candidates.report_key");
        fit("engineMode", engineMode, "candidates.engine_mode");
        for (ModelArtifact a : artifacts) {
            fit("artifacts.format", a.format(), "candidate_artifacts.format");
            fit("artifacts.key", a.key(), "candidate_artifacts.artifact_key");
        }
    }

    private static void header(PipelineEvent e) {
        fit("eventId", e.eventId(), "audit.event_id");
        fit("releaseId", e.releaseId(), "releases.release_id");
        fit("model", e.model(), "releases.model");
        fit("version", e.version(), "releases.version");
    }

    private static void fit(String field, String value, String column) {
        int max = COLUMNS.get(column);
        if (value != null && value.length() > max) {
            throw new UnrecordableEventException("field '" + field + "' is " + value.length()
                    + " characters long, more than the " + max + " the registry stores (" + column + ")");
        }
    }
}
