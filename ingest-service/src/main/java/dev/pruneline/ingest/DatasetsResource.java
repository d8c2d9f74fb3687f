package dev.pruneline.ingest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@code POST /api/v1/datasets/{name}}: the body is a zip of the four IDX files (each optionally gzipped), of the
 * CIFAR-10 binary batches, or of an image tree ({@code train/<class>/*.png}, {@code test/<class>/*}). Needs the
 * uploader's credentials (see {@link UploaderIdentityProvider}).
 */
@Path("/api/v1/datasets/{name}")
public class DatasetsResource {

    private final DatasetUploads uploads;

    DatasetsResource(DatasetUploads uploads) {
        this.uploads = uploads;
    }

    @POST
    @RolesAllowed(UploaderIdentityProvider.ROLE)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Upload a data set",
            description = "Validates the zipped data set (IDX files, CIFAR-10 binary batches or an image tree), stores"
                    + " the archive and makes it the latest of its name.")
    public RestResponse<DatasetStored> upload(@RestPath String name, InputStream body) {
        DatasetStored stored = uploads.upload(name, body);
        return RestResponse.ResponseBuilder.<DatasetStored>created(URI.create("/api/v1/datasets/" + name))
                .entity(stored)
                .build();
    }
}
