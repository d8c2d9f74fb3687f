package dev.pruneline.ingest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@code POST /api/v1/models/{name}/versions}: the body is the bundle as a zip, or a bare ONNX model (any content
 * type, so {@code curl --data-binary @bundle.zip} works: the body's first bytes tell which); the compression policy
 * comes from query parameters. Needs the uploader's credentials (see {@link UploaderIdentityProvider}).
 */
@Path("/api/v1/models/{name}/versions")
public class ModelVersionsResource {

    private final ModelReleases releases;

    ModelVersionsResource(ModelReleases releases) {
        this.releases = releases;
    }

    @POST
    @RolesAllowed(UploaderIdentityProvider.ROLE)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Release a model version",
            description = "Validates the zipped bundle (model.json + weights, or model.onnx + optional"
                    + " pruneline.json) or bare ONNX model, stores it and publishes model.released. Policy query"
                    + " parameters: criterion, granularity, sparsity, fine-tune-epochs, learning-rate, tolerance-pp,"
                    + " param.<key>.")
    public RestResponse<ReleaseAccepted> release(
            @RestPath String name,
            @Parameter(description = "release version; required unless model.json holds one") @RestQuery String version,
            @Parameter(description = "data set name; defaults to the one in model.json or pruneline.json") @RestQuery
                    String dataset,
            UriInfo uri,
            InputStream body) {
        return RestResponse.accepted(
                releases.release(new ReleaseRequest(name, version, dataset, uri.getQueryParameters()), body));
    }
}
