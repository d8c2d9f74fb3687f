package dev.pruneline.registry.console;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Headers of every console answer. The Content-Security-Policy lets a page run only the console's own script file
 * and talk only to this server: even a value that escaped escaping could not run as a script.
 */
public class ConsoleHeaders {

    /** Scripts, styles and connections from this server only; no inline script, no framing. */
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (!path.equals(ConsoleViews.UI) && !path.startsWith(ConsoleViews.UI + "/")) {
            return;
        }
        response.getHeaders().putSingle("Content-Security-Policy", POLICY);
        response.getHeaders().putSingle("X-Content-Type-Options", "nosniff");
        response.getHeaders().putSingle("Referrer-Policy", "same-origin");
        response.getHeaders().putSingle("X-Frame-Options", "DENY");
    }
}
