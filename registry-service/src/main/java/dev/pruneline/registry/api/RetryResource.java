package dev.pruneline.registry.api;

import dev.pruneline.registry.messaging.RedrivePublisher;
import dev.pruneline.registry.store.RedriveException;
import dev.pruneline.registry.store.RegistryConfig;
import dev.pruneline.registry.store.RegistryStore;
import dev.pruneline.registry.store.ReleaseHistory;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

/**
 * An operator's re-drive of a failed release (HTTP Basic, role {@value ModelsResource#OPERATOR_ROLE}; off while
 * {@code pruneline.registry.operator.password} is unset): the release goes back to the stage that failed, and that
 * stage's input event is published again (see {@link RegistryStore#redrive}).
 */
@Path("/api/v1/models/{name}/versions/{version}/retry")
@Produces(MediaType.APPLICATION_JSON)
public class RetryResource {

    /** The answer to a retry while no operator password is set. */
    static final String RETRY_OFF =
            "retry is off: set pruneline.registry.operator.password (env PRUNELINE_REGISTRY_OPERATOR_PASSWORD)";

    private static final Logger LOG = Logger.getLogger(RetryResource.class);

    private final RegistryStore store;
    private final RedrivePublisher publisher;
    private final boolean operatorsOn;

    public RetryResource(RegistryStore store, RedrivePublisher publisher, RegistryConfig config) {
        this.store = store;
        this.publisher = publisher;
        this.operatorsOn =
                config.operator().password().filter(p -> !p.isBlank()).isPresent();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ModelsResource.OPERATOR_ROLE)
    @Operation(
            summary = "Run a failed release again from the stage that failed (operators; body: reason)",
            description = "For a release that failed in the prune or retrain worker (a transient fault that outlasted"
                    + " the retries, say): the release returns to the stage before, its failure is cleared and the"
                    + " stage's input event is published again, under a new event id. 202 with the release; 404 for an"
                    + " unknown version; 409 for a release that has not failed, or failed where nothing can run again;"
                    + " 503 when the event could not be published (then nothing changed).")
    public Response retry(
            @PathParam("name") String name,
            @PathParam("version") String version,
            @NotNull(message = "give a JSON body with a reason") @Valid RetryRequest body,
            @Context SecurityContext security) {
        if (!operatorsOn) {
            throw new WebApplicationException(ErrorMapper.error(Response.Status.FORBIDDEN, RETRY_OFF));
        }
        String operator = security.getUserPrincipal().getName();
        String reason = body.reason().strip();
        try {
            ReleaseHistory h = store.redrive(name, version, operator, reason, redrive -> {
                try {
                    publisher.publish(redrive);
                } catch (IllegalStateException e) {
                    throw new WebApplicationException(ErrorMapper.error(
                            Response.Status.SERVICE_UNAVAILABLE,
                            name + " " + version + " is unchanged (still failed): " + e.getMessage()));
                }
            });
            LOG.infof(
                    "%s %s (release %s): re-driven by %s, now %s: %s",
                    name,
                    version,
                    h.release().releaseId(),
                    operator,
                    h.release().status(),
                    reason);
            return Response.accepted(Views.release(h)).build();
        } catch (RedriveException e) {
            throw new WebApplicationException(ErrorMapper.error(
                    e.kind() == RedriveException.Kind.NOT_FOUND ? Response.Status.NOT_FOUND : Response.Status.CONFLICT,
                    e.getMessage()));
        }
    }
}
