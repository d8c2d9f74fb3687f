package dev.pruneline.registry.api;

import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.ModelArtifact;
import dev.pruneline.pipeline.quarkus.SingleUserIdentityProvider;
import dev.pruneline.pipeline.store.ArtifactStore;
import dev.pruneline.registry.messaging.DecisionPublisher;
import dev.pruneline.registry.messaging.RegistryChanged;
import dev.pruneline.registry.messaging.RegistryMetrics;
import dev.pruneline.registry.store.Candidate;
import dev.pruneline.registry.store.Production;
import dev.pruneline.registry.store.ProductionChangeException;
import dev.pruneline.registry.store.RegistryConfig;
import dev.pruneline.registry.store.RegistryStore;
import dev.pruneline.registry.store.ReleaseHistory;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.groups.ConvertGroup;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The registry's models: queries of models, versions, one version's history and the production release, and an
 * operator's promote and roll back (HTTP Basic, role {@value #OPERATOR_ROLE}; off while
 * {@code pruneline.registry.operator.password} is unset). A production change is stored, then announced on
 * {@code model.promoted} like the gate's promotions.
 */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    /** How long a production download link stays valid. */
    public static final Duration DOWNLOAD_VALIDITY = Duration.ofHours(1);
    /** The role allowed to change production. */
    public static final String OPERATOR_ROLE = "operator";
    /** The answer to a production change while no operator password is set. */
    static final String OPERATORS_OFF = "promote and roll back are off: set"
            + " pruneline.registry.operator.password (env PRUNELINE_REGISTRY_OPERATOR_PASSWORD)";

    private final RegistryStore store;
    private final ArtifactStore artifacts;
    private final DecisionPublisher publisher;
    private final RegistryMetrics metrics;
    private final boolean operatorsOn;

    /** Tells the console's live pages about production changes, once committed. */
    @Inject
    Event<RegistryChanged> changes;

    public ModelsResource(
            RegistryStore store,
            ArtifactStore artifacts,
            DecisionPublisher publisher,
            RegistryMetrics metrics,
            RegistryConfig config) {
        this.store = store;
        this.artifacts = artifacts;
        this.publisher = publisher;
        this.metrics = metrics;
        this.operatorsOn = operatorsOn(config);
    }

    /** Whether an operator password is set, i.e. operators may change production. */
    public static boolean operatorsOn(RegistryConfig config) {
        return SingleUserIdentityProvider.configured(config.operator().password())
                .isPresent();
    }

    @GET
    @Operation(summary = "Every model with its latest and production versions")
    public List<ModelView> models() {
        return store.models().stream()
                .map(m -> new ModelView(m.model(), m.latestVersion(), m.productionVersion(), m.versions()))
                .toList();
    }

    @GET
    @Path("/{name}/versions")
    @Operation(summary = "Every release of a model, oldest first")
    public List<VersionView> versions(@PathParam("name") String name) {
        List<VersionView> versions = store.versions(name).stream()
                .map(v -> new VersionView(
                        v.version(),
                        v.releaseId(),
                        v.status().name(),
                        v.createdAt(),
                        v.outcome() == null ? null : v.outcome().name()))
                .toList();
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
    @Operation(
            summary = "The production version of a model, with a download link",
            description = "format=pruneline (default) links the bundle zip, format=onnx the model.onnx file. 400 for a"
                    + " format that does not exist, 404 when the production release has no artifact in that format.")
    public ProductionView production(
            @PathParam("name") String name,
            @Parameter(description = "pruneline (default) or onnx") @QueryParam("format") String format) {
        String wanted = format == null || format.isBlank() ? ModelArtifact.PRUNELINE : format.strip();
        if (!ModelArtifact.FORMATS.contains(wanted)) {
            throw new WebApplicationException(ErrorMapper.error(
                    Response.Status.BAD_REQUEST,
                    "format '" + wanted + "' is not one of " + String.join(", ", ModelArtifact.FORMATS)));
        }
        return view(
                store.production(name)
                        .orElseThrow(() -> new NotFoundException("model " + name + " has no promoted version")),
                wanted);
    }

    @GET
    @Path("/{name}/production/history")
    @Operation(summary = "Every production change of a model, newest first: the gate's and operators'")
    public List<ChangeView> productionHistory(@PathParam("name") String name) {
        List<ChangeView> changes =
                store.productionHistory(name).stream().map(Views::change).toList();
        if (changes.isEmpty()) {
            throw new NotFoundException("model " + name + " has never been in production");
        }
        return changes;
    }

    @POST
    @Path("/{name}/production")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Make a decided version production (operators; body: version, reason, expectedVersion)")
    @RolesAllowed(OPERATOR_ROLE)
    public ProductionView promote(
            @PathParam("name") String name,
            @NotNull(message = "give a JSON body with the version to promote and a reason")
                    @Valid
                    @ConvertGroup(to = ProductionRequest.Promotion.class)
                    ProductionRequest body,
            @Context SecurityContext security) {
        String operator = operator(security);
        String reason = body.reason().strip();
        return view(changed(change(
                () -> store.promote(name, body.version(), operator, reason, body.expectedVersion(), this::announce))));
    }

    @POST
    @Path("/{name}/production/rollback")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Return production to the release the last change replaced (operators; body: reason,"
                    + " expectedVersion)")
    @RolesAllowed(OPERATOR_ROLE)
    public ProductionView rollback(
            @PathParam("name") String name,
            @NotNull(message = ProductionRequest.REASON_MISSING) @Valid ProductionRequest body,
            @Context SecurityContext security) {
        String operator = operator(security);
        String reason = body.reason().strip();
        return view(
                changed(change(() -> store.rollback(name, operator, reason, body.expectedVersion(), this::announce))));
    }

    private ProductionView view(Production p) {
        return view(p, ModelArtifact.PRUNELINE);
    }

    private ProductionView view(Production p, String format) {
        ReleaseHistory h = p.release();
        Candidate candidate = h.candidates().get(Candidate.RETRAINED);
        if (candidate == null) {
            throw new IllegalStateException("production release " + h.release().releaseId() + " has no candidate");
        }
        ModelArtifact artifact = candidate
                .artifact(format)
                .orElseThrow(() -> new NotFoundException(
                        "the production version " + h.release().version()
                                + " of model " + h.release().model() + " has no " + format + " artifact (it has "
                                + candidate.artifacts().stream()
                                        .map(ModelArtifact::format)
                                        .toList() + ")"));
        ArtifactRef bundle = candidate.bundle();
        return new ProductionView(
                h.release().model(),
                h.release().version(),
                h.release().releaseId(),
                p.change().changedAt(),
                bundle,
                Views.metrics(h),
                Views.decision(h.decision()),
                Views.change(p.change()),
                format,
                artifact,
                candidate.artifacts(),
                artifacts.presignedGetUrl(artifact.key(), DOWNLOAD_VALIDITY));
    }

    /**
     * Publishes a change on model.promoted before its transaction commits: if the broker does not take it, the change
     * is not stored either, and the 503 means nothing changed (a retry is safe).
     */
    private void announce(Production p) {
        try {
            publisher.publish(publisher.event(p));
        } catch (IllegalStateException e) {
            throw new WebApplicationException(ErrorMapper.error(
                    Response.Status.SERVICE_UNAVAILABLE,
                    "production of " + p.change().model() + " is unchanged: model.promoted could not be published: "
                            + e.getMessage()));
        }
        metrics.productionChanged(p.change().model(), p.change().action());
    }

    private Production changed(Production p) {
        ReleaseHistory h = p.release();
        changes.fire(new RegistryChanged(
                h.release().model(), h.release().version(), h.release().releaseId(), RegistryChanged.PRODUCTION));
        return p;
    }

    private static Production change(Supplier<Production> work) {
        try {
            return work.get();
        } catch (ProductionChangeException e) {
            throw new WebApplicationException(ErrorMapper.error(
                    e.kind() == ProductionChangeException.Kind.NOT_FOUND
                            ? Response.Status.NOT_FOUND
                            : Response.Status.CONFLICT,
                    e.getMessage()));
        }
    }

    /**
     * The operator making a change. {@code @RolesAllowed} lets only authenticated operators in (see
     * {@link SecurityErrors} for the answers to everyone else); this refuses them too while operators are off.
     */
    private String operator(SecurityContext security) {
        if (!operatorsOn) {
            throw new WebApplicationException(ErrorMapper.error(Response.Status.FORBIDDEN, OPERATORS_OFF));
        }
        return security.getUserPrincipal().getName();
    }
}
