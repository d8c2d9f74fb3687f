package dev.pruneline.registry.api;

import dev.pruneline.registry.store.RegistryStoreException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Every error of the API as {@code {"error": "..."}}: 404 for an unknown model or version, 503 when the database
 * fails, the framework's status for HTTP errors (e.g. an unknown path; a response a resource built with its own
 * body and headers is kept), 500 for anything else.
 */
@Provider
public class ErrorMapper implements ExceptionMapper<Exception> {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    @Override
    public Response toResponse(Exception e) {
        if (e instanceof NotFoundException) {
            return error(Response.Status.NOT_FOUND.getStatusCode(), e.getMessage());
        }
        if (e instanceof RegistryStoreException) {
            LOG.warn(e.getMessage(), e);
            return error(Response.Status.SERVICE_UNAVAILABLE.getStatusCode(), e.getMessage());
        }
        if (e instanceof WebApplicationException w) {
            // a response the resource built (status, body, headers) goes out as it is
            return w.getResponse().hasEntity()
                    ? w.getResponse()
                    : error(w.getResponse().getStatus(), w.getMessage());
        }
        LOG.error("request failed", e);
        return error(500, "internal error: " + e.getMessage());
    }

    /** {@code {"error": message}} with {@code status}: every error answer of the API. */
    static Response error(Response.Status status, String message) {
        return error(status.getStatusCode(), message);
    }

    private static Response error(int status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", message))
                .build();
    }
}
