package dev.pruneline.ingest;

import dev.pruneline.core.CompressionException;
import dev.pruneline.pipeline.store.ArtifactStoreException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where errors become HTTP answers, each with {@link ErrorBody}:
 * a malformed request 400, an oversize body 413, a bundle or data set that fails compression-core's checks or
 * names an unknown data set 422, an unreachable artifact store or broker 503.
 */
public class ErrorResponses {

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);

    @ServerExceptionMapper
    public RestResponse<ErrorBody> badUpload(BadUploadException e) {
        return answer(Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> tooLarge(UploadTooLargeException e) {
        return answer(Status.REQUEST_ENTITY_TOO_LARGE, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> invalidContent(CompressionException e) {
        return answer(Status.fromStatusCode(422), e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> unknownDataset(UnknownDatasetException e) {
        return answer(Status.fromStatusCode(422), e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> storeDown(ArtifactStoreException e) {
        LOG.warn("artifact store failed", e);
        return answer(Status.SERVICE_UNAVAILABLE, "artifact store unavailable: " + e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> brokerDown(PublishFailedException e) {
        LOG.warn("publishing failed", e);
        return answer(Status.SERVICE_UNAVAILABLE, e.getMessage() + "; the bundle is stored, retry the upload");
    }

    private static RestResponse<ErrorBody> answer(Status status, String message) {
        return RestResponse.ResponseBuilder.create(status, new ErrorBody(message))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
