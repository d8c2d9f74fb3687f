package dev.pruneline.registry.it;

import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.CompressionPolicy;
import dev.pruneline.pipeline.event.DatasetRef;
import dev.pruneline.pipeline.event.EventIds;
import dev.pruneline.pipeline.event.ModelArtifact;
import dev.pruneline.pipeline.event.ModelMetrics;
import dev.pruneline.pipeline.event.ModelPruned;
import dev.pruneline.pipeline.event.ModelReleased;
import dev.pruneline.pipeline.event.ModelRetrained;
import dev.pruneline.pipeline.event.Topics;
import dev.pruneline.pipeline.store.ArtifactKeys;
import dev.pruneline.pipeline.store.ArtifactStore;
import dev.pruneline.registry.console.ArtifactSources;
import dev.pruneline.registry.console.StageReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A release as the console's tests play it: what the workers store (bundles, ONNX files, the real reports of a
 * LeNet-5 pruned by weight or by channel, from src/test/resources/console) and the events they publish, with
 * metrics taken from those reports.
 */
final class ConsoleRelease {

    /** Magnitude pruning of 80% of the weights, sensitivity curves measured: the demo's kind of release. */
    static final String WEIGHT = "weight";
    /** Half the MACs removed by channel pruning. */
    static final String CHANNEL = "channel";

    final String releaseId = UUID.randomUUID().toString();
    final String model;
    final String version;
    private final CompressionPolicy policy;
    private final ArtifactRef released;
    private final DatasetRef dataset;
    private final Stage pruned;
    private final Stage retrained;

    private record Stage(ArtifactRef bundle, ArtifactRef onnx, ArtifactRef report, StageReport content) {
        List<ModelArtifact> artifacts() {
            return List.of(
                    ModelArtifact.of(ModelArtifact.PRUNELINE, bundle), ModelArtifact.of(ModelArtifact.ONNX, onnx));
        }

        ModelMetrics after() {
            return metrics(content.after());
        }
    }

    /**
     * Stores the release's files.
     *
     * @param kind {@link #WEIGHT} or {@link #CHANNEL}
     */
    ConsoleRelease(ArtifactStore store, String model, String version, String kind, double tolerancePp) {
        this.model = model;
        this.version = version;
        this.policy = kind.equals(WEIGHT)
                ? new CompressionPolicy(
                        "magnitude", "weight", 0.8, 2, 0.001, tolerancePp, Map.of("sensitivity", "true"))
                : new CompressionPolicy("magnitude", "channel", 0.5, 1, 0.001, tolerancePp, Map.of("target", "macs"));
        this.released = store.put(ArtifactKeys.releasedBundle(releaseId), new byte[506_195]);
        this.dataset = new DatasetRef("mnist-sample", store.put("datasets/mnist-sample/console.zip", new byte[1024]));
        this.pruned = stage(store, kind, "pruned", kind.equals(WEIGHT) ? 350_505 : 214_492);
        this.retrained = stage(store, kind, "retrained", kind.equals(WEIGHT) ? 341_030 : 214_583);
    }

    private Stage stage(ArtifactStore store, String kind, String stage, int bundleBytes) {
        byte[] json = resource("console/" + kind + "/" + stage + "/report.json");
        store.put(
                ArtifactKeys.stageReportPage(releaseId, stage),
                resource("console/" + kind + "/" + stage + "/report.html"));
        try {
            return new Stage(
                    store.put(ArtifactKeys.stageBundle(releaseId, stage), new byte[bundleBytes]),
                    store.put(
                            ArtifactKeys.stageOnnx(releaseId, stage), new byte[kind.equals(WEIGHT) ? 248_031 : 99_233]),
                    store.put(ArtifactKeys.stageReport(releaseId, stage), json),
                    ArtifactSources.parse(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] resource(String path) {
        try (InputStream in = ConsoleRelease.class.getClassLoader().getResourceAsStream(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ModelMetrics metrics(StageReport.Metrics m) {
        return new ModelMetrics(m.accuracy(), m.parameters(), m.nonzeroParameters(), m.macs(), m.sparsity());
    }

    /** The released bundle's reference. */
    ArtifactRef bundle() {
        return released;
    }

    ModelReleased released() {
        return new ModelReleased(
                1,
                EventIds.of(releaseId, "released"),
                releaseId,
                model,
                version,
                Instant.now(),
                released,
                dataset,
                policy);
    }

    ModelPruned pruned() {
        return new ModelPruned(
                1,
                EventIds.of(releaseId, "pruned"),
                releaseId,
                model,
                version,
                Instant.now(),
                pruned.bundle(),
                pruned.report(),
                dataset,
                policy,
                metrics(pruned.content().before()),
                pruned.after(),
                pruned.content().engine().get("mode").toString(),
                pruned.artifacts(),
                0.99);
    }

    ModelRetrained retrained() {
        return new ModelRetrained(
                1,
                EventIds.of(releaseId, "retrained"),
                releaseId,
                model,
                version,
                Instant.now(),
                retrained.bundle(),
                retrained.report(),
                policy,
                metrics(pruned.content().before()),
                pruned.after(),
                retrained.after(),
                retrained.content().epochs().size(),
                retrained.content().engine().get("mode").toString(),
                retrained.artifacts(),
                dataset);
    }

    /** Publishes the three events in pipeline order. */
    void publishAll(Pipeline pipeline) {
        pipeline.publish(Topics.RELEASED, released());
        pipeline.publish(Topics.PRUNED, pruned());
        pipeline.publish(Topics.RETRAINED, retrained());
    }
}
