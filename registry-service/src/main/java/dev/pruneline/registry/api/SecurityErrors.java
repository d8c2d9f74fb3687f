package dev.pruneline.registry.api;

import dev.pruneline.registry.store.RegistryConfig;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The API's answers to refused requests, as {@code {"error": "..."}} like every other error: 401 with a Basic
 * challenge to a production change or a retry without an operator's credentials (403 while operators are off, since no
 * credentials can then be valid), 403 to a user without the operator role, and 400 naming what to give when a
 * request body breaks its Bean Validation constraints.
 */
public class SecurityErrors {

    private final boolean operatorsOn;

    public SecurityErrors(RegistryConfig config) {
        this.operatorsOn = ModelsResource.operatorsOn(config);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        if (!operatorsOn) {
            return ErrorMapper.error(Response.Status.FORBIDDEN, ModelsResource.OPERATORS_OFF);
        }
        return Response.fromResponse(ErrorMapper.error(
                        Response.Status.UNAUTHORIZED,
                        "promote, roll back and retry need an operator's credentials (HTTP Basic)"))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"pruneline registry\"")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return ErrorMapper.error(
                Response.Status.FORBIDDEN,
                "promote, roll back and retry need the " + ModelsResource.OPERATOR_ROLE + " role");
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        String message = e.getConstraintViolations().stream()
                .map(ConstraintViolation::getMessage)
                .sorted()
                .collect(Collectors.joining("; "));
        return ErrorMapper.error(Response.Status.BAD_REQUEST, message);
    }
}
