package dev.pruneline.registry.store;

import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.CompressionPolicy;
import dev.pruneline.pipeline.event.DatasetRef;
import dev.pruneline.pipeline.event.EventIds;
import dev.pruneline.pipeline.event.ModelArtifact;
import dev.pruneline.pipeline.event.ModelMetrics;
import dev.pruneline.pipeline.event.ModelPruned;
import dev.pruneline.pipeline.event.ModelReleased;
import dev.pruneline.pipeline.event.ModelRetrained;
import dev.pruneline.pipeline.event.ReleaseDecision.Outcome;
import dev.pruneline.pipeline.store.ArtifactKeys;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Hand-made events of one release, for store tests. */
final class Events {

    static final ModelMetrics BASELINE = new ModelMetrics(0.981, 61_706, 61_706, 416_520, 0.0);
    static final ModelMetrics PRUNED = new ModelMetrics(0.902, 61_706, 12_400, 416_520, 0.8);
    static final ModelMetrics RETRAINED = new ModelMetrics(0.978, 61_706, 12_400, 416_520, 0.8);

    final String releaseId = UUID.randomUUID().toString();
    final String model;
    final String version;

    Events(String model, String version) {
        this.model = model;
        this.version = version;
    }

    ModelReleased released() {
        return new ModelReleased(
                1,
                EventIds.of(releaseId, "released"),
                releaseId,
                model,
                version,
                Instant.now(),
                ref(ArtifactKeys.releasedBundle(releaseId)),
                new DatasetRef("mnist", ref("datasets/mnist.zip")),
                CompressionPolicy.defaults());
    }

    ModelPruned pruned() {
        return new ModelPruned(
                1,
                EventIds.of(releaseId, "pruned"),
                releaseId,
                model,
                version,
                Instant.now(),
                ref(ArtifactKeys.stageBundle(releaseId, "pruned")),
                ref(ArtifactKeys.stageReport(releaseId, "pruned")),
                new DatasetRef("mnist", ref("datasets/mnist.zip")),
                CompressionPolicy.defaults(),
                BASELINE,
                PRUNED,
                "cpu",
                null,
                null);
    }

    ModelRetrained retrained() {
        return new ModelRetrained(
                1,
                EventIds.of(releaseId, "retrained"),
                releaseId,
                model,
                version,
                Instant.now(),
                ref(ArtifactKeys.stageBundle(releaseId, "retrained")),
                ref(ArtifactKeys.stageReport(releaseId, "retrained")),
                CompressionPolicy.defaults(),
                BASELINE,
                PRUNED,
                RETRAINED,
                2,
                "cpu",
                List.of(
                        ModelArtifact.of(
                                ModelArtifact.PRUNELINE, ref(ArtifactKeys.stageBundle(releaseId, "retrained"))),
                        ModelArtifact.of(ModelArtifact.ONNX, ref(ArtifactKeys.stageOnnx(releaseId, "retrained")))),
                new DatasetRef("mnist", ref("datasets/mnist.zip")));
    }

    static Decision decision(Outcome outcome) {
        return new Decision(
                outcome, outcome == Outcome.PROMOTED ? "within tolerance" : "too inaccurate", 0.3, 1.0, Instant.now());
    }

    static ArtifactRef ref(String key) {
        return new ArtifactRef(key, "0".repeat(64), 1234);
    }
}
