package dev.pruneline.registry.api;

import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.store.ArtifactStore;
import dev.pruneline.registry.store.Candidate;
import dev.pruneline.registry.store.RegistryStore;
import dev.pruneline.registry.store.ReleaseHistory;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Read-only queries of the registry: models, versions, one version's history, the production version. */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    /** How long a production download link stays valid. */
    public static final Duration DOWNLOAD_VALIDITY = Duration.ofHours(1);

    private final RegistryStore store;
    private final ArtifactStore artifacts;

    public ModelsResource(RegistryStore store, ArtifactStore artifacts) {
        this.store = store;
        this.artifacts = artifacts;
    }

    @GET
    @Operation(summary = "Every model with its latest and production versions")
    public List<ModelView> models() {
        return store.models().stream()
                .map(m -> new ModelView(m.model(), m.latestVersion(), m.productionVersion(), m.versions())).toList();
    }

    @GET
    @Path("/{name}/versions")
    @Operation(summary = "Every release of a model, oldest first")
    public List<VersionView> versions(@PathParam("name") String name) {
        List<VersionView> versions = store.versions(name).stream()
                .map(v -> new VersionView(v.version(), v.releaseId(), v.status().name(), v.createdAt(),
                        v.outcome() == null ? null : v.outcome().name())).toList();
        if (versions.isEmpty()) {
            throw new NotFoundException("model " + name + " has no versions");
        }
        return versions;
    }

    @GET
    @Path("/{name}/versions/{version}")
    @Operation(summary = "A version's status, stages, artifacts, metrics, decision and failure")
    public ReleaseView version(@PathParam("name") String name, @PathParam("version") String version) {
        return Views.release(store.version(name, version)
                .orElseThrow(() -> new NotFoundException("model " + name + " has no version " + version)));
    }

    @GET
    @Path("/{name}/production")
    @Operation(summary = "The most recently promoted version of a model, with a download link")
    public ProductionView production(@PathParam("name") String name) {
        ReleaseHistory h = store.production(name)
                .orElseThrow(() -> new NotFoundException("model " + name + " has no promoted version"));
        Candidate candidate = h.candidates().get(Candidate.RETRAINED);
        if (candidate == null) {
            throw new IllegalStateException("promoted release " + h.release().releaseId() + " has no candidate");
        }
        ArtifactRef bundle = candidate.bundle();
        return new ProductionView(h.release().model(), h.release().version(), h.release().releaseId(),
                h.decision().decidedAt(), bundle, Views.metrics(h), Views.decision(h.decision()),
                artifacts.presignedGetUrl(bundle.key(), DOWNLOAD_VALIDITY));
    }
}
