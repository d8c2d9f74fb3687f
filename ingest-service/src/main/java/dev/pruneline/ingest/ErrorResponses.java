package dev.pruneline.ingest;

import dev.pruneline.core.CompressionException;
import dev.pruneline.pipeline.store.ArtifactStoreException;
import jakarta.ws.rs.core.MediaType;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where errors become HTTP answers, each with {@link ErrorBody}:
 * a malformed request 400, an oversize body 413, a bundle or data set that fails compression-core's checks or
 * names an unknown data set 422, an unreachable artifact store or broker 503.
 */
public class ErrorResponses {

    /** HTTP 422, which {@code Response.Status} lacks. */
    static final int UNPROCESSABLE_CONTENT = 422;

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);

    @ServerExceptionMapper
    public RestResponse<ErrorBody> badUpload(BadUploadException e) {
        return answer(RestResponse.StatusCode.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> tooLarge(UploadTooLargeException e) {
        return answer(RestResponse.StatusCode.PAYLOAD_TOO_LARGE, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> invalidContent(CompressionException e) {
        return answer(UNPROCESSABLE_CONTENT, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> unknownDataset(UnknownDatasetException e) {
        return answer(UNPROCESSABLE_CONTENT, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> versionConflict(VersionConflictException e) {
        return answer(RestResponse.StatusCode.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> storeDown(ArtifactStoreException e) {
        LOG.warn("artifact store failed", e);
        return answer(RestResponse.StatusCode.SERVICE_UNAVAILABLE, "artifact store unavailable: " + e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> brokerDown(PublishFailedException e) {
        LOG.warn("publishing failed", e);
        return answer(
                RestResponse.StatusCode.SERVICE_UNAVAILABLE,
                e.getMessage() + "; the bundle is stored, retry the upload");
    }

    private static RestResponse<ErrorBody> answer(int status, String message) {
        return RestResponse.ResponseBuilder.<ErrorBody>create(status)
                .entity(new ErrorBody(message))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
