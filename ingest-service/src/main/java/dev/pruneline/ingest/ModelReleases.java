package dev.pruneline.ingest;

import dev.pruneline.core.CompressionException;
import dev.pruneline.core.bundle.BundleInspection;
import dev.pruneline.ingest.IngestMetrics.UploadKind;
import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.CompressionPolicy;
import dev.pruneline.pipeline.event.DatasetRef;
import dev.pruneline.pipeline.event.EventIds;
import dev.pruneline.pipeline.event.ModelReleased;
import dev.pruneline.pipeline.event.PipelineEvent;
import dev.pruneline.pipeline.store.ArtifactKeys;
import dev.pruneline.pipeline.store.ArtifactStore;
import dev.pruneline.pipeline.store.Sha256;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Accepts a model release: receive the body (a bundle zip, or a bare ONNX model that is stored as a zip holding
 * {@code model.onnx}), check names and policy, extract, validate with compression-core,
 * resolve the data set, store the archive, keep the event in the {@link ReleaseOutbox}, claim the version, then
 * publish {@code model.released}, wait for the broker and remove the event from the outbox; if the broker does not
 * acknowledge in time, the event stays there for {@link OutboxRelay}, so a claimed version always reaches Kafka. The body is
 * always read in full first, so that even a refused client gets its answer rather than a reset connection. Every
 * check runs before the first write, so a rejected upload leaves nothing behind.
 */
@ApplicationScoped
public class ModelReleases {

    private static final Logger LOG = Logger.getLogger(ModelReleases.class);

    private final ArtifactStore store;
    private final DatasetCatalog datasets;
    private final ReleasePublisher publisher;
    private final IngestConfig config;
    private final IngestMetrics metrics;
    private final VersionClaims claims;
    private final ReleaseOutbox outbox;

    ModelReleases(
            ArtifactStore store,
            DatasetCatalog datasets,
            ReleasePublisher publisher,
            IngestConfig config,
            IngestMetrics metrics,
            VersionClaims claims,
            ReleaseOutbox outbox) {
        this.claims = claims;
        this.outbox = outbox;
        this.store = store;
        this.datasets = datasets;
        this.publisher = publisher;
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * Ingests one bundle archive or ONNX model. The model name (and the version, when given) of the URL win over
     * what the files say: an ONNX graph has no useful name.
     *
     * @throws BadUploadException      the request is malformed (names, archive, missing version or data set)
     * @throws UploadTooLargeException the body passes {@link IngestConfig#maxBundleBytes()}
     * @throws CompressionException    the bundle is inconsistent (message names the layer or tensor)
     * @throws UnknownDatasetException the data set was never uploaded
     * @throws CompressionException    also when the data set's images do not fit the model's input
     * @throws VersionConflictException the version was already released with other content
     */
    ReleaseAccepted release(ReleaseRequest request, InputStream body) {
        try (UploadWorkspace workspace = UploadWorkspace.create(config.workDir())) {
            Path archive = workspace.receive(body, config.maxBundleBytes(), "model bundle");
            Names.require("model name", request.model());
            CompressionPolicy policy = PolicyQuery.parse(request.query());
            Path content = workspace.unpackModel(archive, config.maxExtractedBytes());
            BundleInspection bundle = workspace.check(content, BundleInspection::validate);
            String version = Names.require("version", versionOf(request, bundle));
            DatasetRef dataset = datasetOf(request, bundle);
            datasets.summary(dataset)
                    .flatMap(d -> d.mismatch(request.model(), bundle.inputShape()))
                    .ifPresent(problem -> {
                        throw new CompressionException("data set '" + dataset.name() + "': " + problem);
                    });
            return storeAndPublish(request.model(), version, dataset, policy, archive);
        } catch (BadUploadException
                | UploadTooLargeException
                | CompressionException
                | UnknownDatasetException
                | VersionConflictException e) {
            metrics.uploadRejected(UploadKind.BUNDLE);
            LOG.infof("release of %s refused: %s", request.model(), e.getMessage());
            throw e;
        }
    }

    private ReleaseAccepted storeAndPublish(
            String model, String version, DatasetRef dataset, CompressionPolicy policy, Path archive) {
        String releaseId = EventIds.releaseId(model, version, Sha256.of(archive));
        Optional<ModelReleased> earlier = claims.holder(model, version);
        if (earlier.isPresent()) {
            ModelReleased held = earlier.get();
            if (!held.releaseId().equals(releaseId)
                    || !held.policy().equals(policy)
                    || !held.dataset().equals(dataset)) {
                throw new VersionConflictException(model, version, held.releaseId());
            }
            boolean waiting = outbox.holds(releaseId);
            publish(held, waiting);
            if (waiting) {
                outbox.remove(releaseId);
                metrics.releaseIngested();
            }
            LOG.infof("release %s: %s %s uploaded again; its event is published again", releaseId, model, version);
            return accepted(held);
        }
        ArtifactRef stored = store.put(ArtifactKeys.releasedBundle(releaseId), archive);
        ModelReleased event = new ModelReleased(
                PipelineEvent.SCHEMA_VERSION,
                EventIds.of(releaseId, "released"),
                releaseId,
                model,
                version,
                Instant.now(),
                stored,
                dataset,
                policy);
        outbox.add(event);
        claims.claim(event);
        publish(event, true);
        outbox.remove(releaseId);
        metrics.releaseIngested();
        LOG.infof(
                "release %s: %s %s accepted (%d bytes, dataset %s)",
                releaseId, model, version, stored.sizeBytes(), dataset.name());
        return accepted(event);
    }

    /** Publishes and waits for Kafka; a failure says whether the outbox keeps the event for later. */
    private void publish(ModelReleased event, boolean inOutbox) {
        try {
            publisher.publish(event);
        } catch (PublishFailedException e) {
            throw inOutbox ? e.keptInOutbox(event.releaseId()) : e;
        }
    }

    private static ReleaseAccepted accepted(ModelReleased event) {
        return new ReleaseAccepted(
                event.releaseId(),
                event.model(),
                event.version(),
                event.bundle(),
                event.dataset(),
                event.policy(),
                "/api/v1/models/" + event.model() + "/versions/" + event.version());
    }

    private static String versionOf(ReleaseRequest request, BundleInspection bundle) {
        String asked = blankToNull(request.version());
        String declared = blankToNull(bundle.version());
        if (asked == null && declared == null) {
            throw new BadUploadException("no version: pass ?version=... or set \"version\" in model.json");
        }
        if (asked != null && declared != null && !asked.equals(declared)) {
            throw new BadUploadException(
                    "version '" + asked + "' does not match the version '" + declared + "' in model.json");
        }
        return asked != null ? asked : declared;
    }

    private DatasetRef datasetOf(ReleaseRequest request, BundleInspection bundle) {
        String asked = blankToNull(request.dataset());
        String name = asked != null ? asked : blankToNull(bundle.datasetName());
        if (name == null) {
            throw new BadUploadException(
                    "no dataset: pass ?dataset=... or set \"dataset\": {\"name\": ...} in model.json (\"dataset\": ..."
                            + " in pruneline.json beside model.onnx)");
        }
        Names.require("dataset name", name);
        return datasets.latest(name).orElseThrow(() -> new UnknownDatasetException(name));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
