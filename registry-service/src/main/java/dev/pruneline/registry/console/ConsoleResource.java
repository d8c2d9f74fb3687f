package dev.pruneline.registry.console;

import dev.pruneline.registry.api.ModelsResource;
import dev.pruneline.registry.api.ProductionRequest;
import dev.pruneline.registry.console.Pages.Chrome;
import dev.pruneline.registry.console.Pages.ComparePage;
import dev.pruneline.registry.console.Pages.MessagePage;
import dev.pruneline.registry.console.Pages.ModelPage;
import dev.pruneline.registry.console.Pages.ModelRow;
import dev.pruneline.registry.console.Pages.ModelsPage;
import dev.pruneline.registry.console.Pages.ReleasePage;
import dev.pruneline.registry.messaging.RegistryChanged;
import dev.pruneline.registry.store.ModelSummary;
import dev.pruneline.registry.store.ProductionChange;
import dev.pruneline.registry.store.RegistryConfig;
import dev.pruneline.registry.store.RegistryStore;
import dev.pruneline.registry.store.ReleaseHistory;
import dev.pruneline.registry.store.VersionSummary;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The registry's web console under {@code /ui}: server-rendered pages of the models, a model's versions, one
 * release, and two versions compared, kept up to date by server-sent events; and an operator's promote and roll back
 * as HTML forms. Reading is open, like the REST API's queries; a production change needs the REST API's operator
 * (HTTP Basic, role {@value ModelsResource#OPERATOR_ROLE}) and goes through {@link ModelsResource} itself, with the
 * same checks, guard and announcement.
 */
@Path(ConsoleViews.UI)
@Produces(MediaType.TEXT_HTML)
public class ConsoleResource {

    /** The pages; Qute escapes every value in them (templates/console/*.html). */
    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance models(ModelsPage page);

        static native TemplateInstance model(ModelPage page);

        static native TemplateInstance release(ReleasePage page);

        static native TemplateInstance compare(ComparePage page);

        static native TemplateInstance message(MessagePage page);
    }

    private final RegistryStore store;
    private final ModelsResource api;
    private final ConsoleUpdates updates;
    private final ConsoleViews views;
    private final boolean operatorsOn;

    public ConsoleResource(
            RegistryStore store,
            ModelsResource api,
            ConsoleUpdates updates,
            ArtifactSources sources,
            RegistryConfig config) {
        this.store = store;
        this.api = api;
        this.updates = updates;
        this.views = new ConsoleViews(sources);
        this.operatorsOn = ModelsResource.operatorsOn(config);
    }

    @GET
    public Response models(@Context SecurityContext security) {
        List<ModelRow> rows = new ArrayList<>();
        for (ModelSummary m : store.models()) {
            rows.add(views.modelRow(m.model(), m.latestVersion(), m.productionVersion(), releases(m.model())));
        }
        return html(200, Templates.models(new ModelsPage(chrome("Models", null, ConsoleViews.UI, security), rows)));
    }

    @GET
    @Path("/models/{name}")
    public Response model(@PathParam("name") String name, @Context SecurityContext security) {
        return html(200, modelPage(name, security, null));
    }

    @GET
    @Path("/models/{name}/versions/{version}")
    public Response version(
            @PathParam("name") String name, @PathParam("version") String version, @Context SecurityContext security) {
        Optional<ReleaseHistory> h = store.version(name, version);
        Chrome chrome = chrome(name + " " + version, name, ConsoleViews.versionUrl(name, version), security);
        if (h.isEmpty()) {
            return notFound(chrome, "model " + name + " has no version " + version);
        }
        return html(200, Templates.release(views.releasePage(chrome, h.get(), productionVersion(name))));
    }

    @GET
    @Path("/models/{name}/compare")
    public Response compare(
            @PathParam("name") String name,
            @QueryParam("a") String a,
            @QueryParam("b") String b,
            @Context SecurityContext security) {
        List<String> names = store.versions(name).stream()
                .map(VersionSummary::version)
                .distinct()
                .toList();
        Chrome chrome = chrome(name + ": compare", name, ConsoleViews.modelUrl(name) + "/compare", security);
        if (names.isEmpty()) {
            return notFound(chrome, "model " + name + " has no versions");
        }
        String first = a == null || a.isBlank() ? names.get(Math.max(0, names.size() - 2)) : a.strip();
        String second = b == null || b.isBlank() ? names.get(names.size() - 1) : b.strip();
        ReleaseHistory ha = store.version(name, first).orElse(null);
        ReleaseHistory hb = store.version(name, second).orElse(null);
        String error = null;
        if (ha == null || hb == null) {
            error = "model " + name + " has no version " + (ha == null ? first : second);
        }
        ComparePage page = views.comparePage(chrome, name, names, ha, hb, productionVersion(name), error);
        return html(error == null ? 200 : 404, Templates.compare(page));
    }

    /**
     * Asks for an operator's HTTP Basic credentials (the browser keeps them for the console's later requests), then
     * returns to {@code next}. It grants nothing by itself: each production change checks the operator again.
     */
    @GET
    @Path("/login")
    public Response login(@QueryParam("next") String next, @Context SecurityContext security) {
        Chrome chrome = chrome("Sign in", null, ConsoleViews.UI, security);
        if (!operatorsOn) {
            return html(
                    Response.Status.FORBIDDEN,
                    Templates.message(new MessagePage(
                            chrome,
                            "Operators are off",
                            "Promote and roll back are off on this registry: set"
                                    + " pruneline.registry.operator.password (env"
                                    + " PRUNELINE_REGISTRY_OPERATOR_PASSWORD) to turn them on.")));
        }
        if (security.getUserPrincipal() == null) {
            return Response.fromResponse(html(
                            Response.Status.UNAUTHORIZED,
                            Templates.message(new MessagePage(
                                    chrome,
                                    "Sign in",
                                    "Promote and roll back need an operator's credentials (HTTP Basic)."))))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"pruneline registry\"")
                    .build();
        }
        if (!security.isUserInRole(ModelsResource.OPERATOR_ROLE)) {
            return html(
                    Response.Status.FORBIDDEN,
                    Templates.message(new MessagePage(
                            chrome, "Not an operator", "Changing production needs the operator role.")));
        }
        return Response.seeOther(URI.create(consolePath(next))).build();
    }

    /** A console path to return to; anything else (another site, a path outside the console) goes to /ui. */
    static String consolePath(String next) {
        if (next == null
                || !(next.equals(ConsoleViews.UI) || next.startsWith(ConsoleViews.UI + "/"))
                || next.contains("//")
                || next.contains("\\")
                || next.chars().anyMatch(c -> c < 0x20)) {
            return ConsoleViews.UI;
        }
        return next;
    }

    @POST
    @Path("/models/{name}/production")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(ModelsResource.OPERATOR_ROLE)
    public Response promote(
            @PathParam("name") String name,
            @FormParam("version") String version,
            @FormParam("reason") String reason,
            @FormParam("expectedVersion") String expectedVersion,
            @Context HttpHeaders headers,
            @Context UriInfo uri,
            @Context SecurityContext security) {
        return change(
                name,
                headers,
                uri,
                security,
                () -> api.promote(
                        name, new ProductionRequest(version, reason, blankToNull(expectedVersion)), security));
    }

    @POST
    @Path("/models/{name}/production/rollback")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(ModelsResource.OPERATOR_ROLE)
    public Response rollback(
            @PathParam("name") String name,
            @FormParam("reason") String reason,
            @FormParam("expectedVersion") String expectedVersion,
            @Context HttpHeaders headers,
            @Context UriInfo uri,
            @Context SecurityContext security) {
        return change(
                name,
                headers,
                uri,
                security,
                () -> api.rollback(name, new ProductionRequest(null, reason, blankToNull(expectedVersion)), security));
    }

    /**
     * Makes a production change through the REST API's own method, then shows the model again (303, so that a reload
     * does not post twice); a refusal shows the model page with the API's reason and status.
     */
    private Response change(String name, HttpHeaders headers, UriInfo uri, SecurityContext security, Runnable change) {
        if (!sameOrigin(headers, uri)) {
            return html(
                    Response.Status.FORBIDDEN,
                    Templates.message(new MessagePage(
                            chrome("Refused", name, ConsoleViews.modelUrl(name), security),
                            "Refused",
                            "A production change must come from the console's own pages.")));
        }
        String error;
        int status;
        try {
            change.run();
            return Response.seeOther(URI.create(ConsoleViews.modelUrl(name) + "#production"))
                    .build();
        } catch (WebApplicationException e) {
            status = e.getResponse().getStatus();
            error = errorOf(e);
        } catch (ConstraintViolationException e) {
            status = Response.Status.BAD_REQUEST.getStatusCode();
            error = e.getConstraintViolations().stream()
                    .map(ConstraintViolation::getMessage)
                    .sorted()
                    .collect(Collectors.joining("; "));
        }
        return html(status, modelPage(name, security, error));
    }

    private static String errorOf(WebApplicationException e) {
        Object entity = e.getResponse().getEntity();
        if (entity instanceof Map<?, ?> body && body.get("error") != null) {
            return body.get("error").toString();
        }
        return e.getMessage();
    }

    /**
     * Whether a form post comes from this site's pages: a browser names the page's origin ({@code Origin}, or
     * {@code Sec-Fetch-Site}) on every post, so a form on another site that borrows the operator's remembered
     * credentials is refused. A client that sends neither (curl) is no browser to borrow them from.
     */
    static boolean sameOrigin(HttpHeaders headers, UriInfo uri) {
        String site = headers.getHeaderString("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return false;
        }
        String origin = headers.getHeaderString("Origin");
        if (origin == null) {
            return true;
        }
        URI base = uri.getBaseUri();
        String own = base.getScheme() + "://" + base.getAuthority();
        return origin.equalsIgnoreCase(own);
    }

    /** What the registry records from now on, as server-sent events: a first {@code hello}, then each change. */
    @GET
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<RegistryChanged> events(@QueryParam("model") String model) {
        return Multi.createBy()
                .merging()
                .streams(
                        updates.changes(model),
                        Multi.createFrom().item(new RegistryChanged(model, null, null, "hello")));
    }

    @GET
    @Path("/console.css")
    @Produces("text/css")
    public Response css() {
        return asset("console/console.css");
    }

    @GET
    @Path("/console.js")
    @Produces("text/javascript")
    public Response js() {
        return asset("console/console.js");
    }

    private static Response asset(String path) {
        try (InputStream in = ConsoleResource.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                return Response.status(Response.Status.NOT_FOUND).build();
            }
            return Response.ok(in.readAllBytes())
                    .header("Cache-Control", "max-age=300")
                    .build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private TemplateInstance modelPage(String name, SecurityContext security, String error) {
        List<ReleaseHistory> releases = releases(name);
        Chrome chrome = chrome(name, name, ConsoleViews.modelUrl(name), security);
        if (releases.isEmpty()) {
            throw new WebApplicationException(notFound(chrome, "model " + name + " has no versions"));
        }
        return Templates.model(views.modelPage(chrome, name, releases, store.productionHistory(name), error));
    }

    private static Response html(Response.Status status, TemplateInstance page) {
        return html(status.getStatusCode(), page);
    }

    /** A rendered page: rendered here, so that an error answer is as much a page as any other. */
    private static Response html(int status, TemplateInstance page) {
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(page.render())
                .build();
    }

    private Response notFound(Chrome chrome, String text) {
        return html(Response.Status.NOT_FOUND, Templates.message(new MessagePage(chrome, "Not found", text)));
    }

    /** Every release that owns a version of the model, oldest first. */
    private List<ReleaseHistory> releases(String model) {
        List<ReleaseHistory> releases = new ArrayList<>();
        for (VersionSummary v : store.versions(model)) {
            store.version(model, v.version())
                    .filter(h -> h.release().releaseId().equals(v.releaseId()))
                    .ifPresent(releases::add);
        }
        return releases;
    }

    private String productionVersion(String model) {
        List<ProductionChange> history = store.productionHistory(model);
        return history.isEmpty() ? null : history.get(0).version();
    }

    private Chrome chrome(String title, String model, String page, SecurityContext security) {
        boolean operator = operatorsOn
                && security.getUserPrincipal() != null
                && security.isUserInRole(ModelsResource.OPERATOR_ROLE);
        return new Chrome(title, ConsoleViews.eventsUrl(model), operator, operatorsOn, ConsoleViews.loginUrl(page));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
