package dev.pruneline.ingest;

import dev.pruneline.core.CompressionException;
import dev.pruneline.pipeline.store.ArtifactStoreException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where errors become HTTP answers, each with {@link ErrorBody}:
 * a malformed request 400, an oversize body 413, a bundle or data set that fails compression-core's checks or
 * names an unknown data set 422, an unreachable artifact store or broker 503 (saying when a release is kept for
 * publishing once Kafka is back); an upload without the uploader's
 * credentials or with wrong ones 401 with a Basic challenge (403 while no uploader password is configured, since no
 * credentials can then be valid).
 */
public class ErrorResponses {

    /** The answer to an upload without credentials. */
    static final String CREDENTIALS_MISSING = "uploads need the uploader's credentials: HTTP Basic, user "
            + UploaderIdentityProvider.USER + ", the password set in pruneline.ingest.uploader.password"
            + " (./pruneline release sends env PRUNELINE_INGEST_UPLOADER_PASSWORD)";
    /** The answer to an upload with credentials that are not the uploader's. */
    static final String CREDENTIALS_WRONG = "wrong uploader credentials: HTTP Basic needs user "
            + UploaderIdentityProvider.USER + " and the password set in pruneline.ingest.uploader.password";
    /** The answer to every upload while no uploader password is configured. */
    static final String UPLOADS_OFF = "uploads are refused: no uploader password is configured; set"
            + " pruneline.ingest.uploader.password (env PRUNELINE_INGEST_UPLOADER_PASSWORD), or, for local runs"
            + " only, pruneline.ingest.uploader.auth-enabled=false";

    /** HTTP 422, which {@code Response.Status} lacks. */
    static final int UNPROCESSABLE_CONTENT = 422;

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);

    private final boolean passwordConfigured;

    ErrorResponses(IngestConfig config) {
        this.passwordConfigured =
                UploaderIdentityProvider.configuredPassword(config).isPresent();
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> noCredentials(UnauthorizedException e) {
        return challenge(CREDENTIALS_MISSING);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> wrongCredentials(AuthenticationFailedException e) {
        return challenge(CREDENTIALS_WRONG);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> notAnUploader(ForbiddenException e) {
        return answer(RestResponse.StatusCode.FORBIDDEN, "uploads need the " + UploaderIdentityProvider.ROLE + " role");
    }

    private RestResponse<ErrorBody> challenge(String message) {
        if (!passwordConfigured) {
            return answer(RestResponse.StatusCode.FORBIDDEN, UPLOADS_OFF);
        }
        return RestResponse.ResponseBuilder.<ErrorBody>create(RestResponse.StatusCode.UNAUTHORIZED)
                .entity(new ErrorBody(message))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"pruneline ingest\"")
                .build();
    }

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
                e.getMessage()
                        + (e.isKeptInOutbox()
                                ? " (retrying the upload is safe)"
                                : "; the bundle is stored, retry the upload"));
    }

    private static RestResponse<ErrorBody> answer(int status, String message) {
        return RestResponse.ResponseBuilder.<ErrorBody>create(status)
                .entity(new ErrorBody(message))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
