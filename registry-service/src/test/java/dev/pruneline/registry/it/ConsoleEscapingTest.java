package dev.pruneline.registry.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.devstack.DevStackResource;
import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.Topics;
import dev.pruneline.pipeline.store.ArtifactStore;
import dev.pruneline.registry.store.RegistryStore;
import dev.pruneline.registry.store.ReleaseStatus;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A model name, a failure reason and an operator's reason that hold markup show as text on every page of the
 * console, in a real browser: no script of theirs runs, no element of theirs appears.
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
@TestProfile(ProductionChangesTest.WithOperators.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleEscapingTest {

    private static final String MODEL = "<script>window.pwned='name'</script><img src=x onerror=window.pwned='img'>"
            + UUID.randomUUID().toString().substring(0, 8);
    private static final String FAILURE = "diverged: <script>window.pwned='failure'</script>";
    private static final String REASON = "</td></tr></table><script>window.pwned='reason'</script>\"'&amp;";

    @Inject
    ArtifactStore artifacts;

    @Inject
    RegistryStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "pruneline.registry.operator.password")
    String password;

    @TestHTTPResource("/")
    URL root;

    private Pipeline pipeline;
    private Browser browser;

    @BeforeAll
    void start() {
        pipeline = Registry.withTestClassLoader(() -> new Pipeline(bootstrap));
        browser = new Browser();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        pipeline.close();
    }

    private void awaitStatus(String version, ReleaseStatus status) {
        await().atMost(Registry.WAIT)
                .until(() -> store.version(MODEL, version)
                        .map(h -> h.release().status() == status)
                        .orElse(false));
    }

    /** Nothing hostile ran or was added: the console's script is the page's only one, and no image came in. */
    private void assertNothingRan(String page) {
        assertEquals(null, browser.script("return window.pwned === undefined ? null : String(window.pwned);"), page);
        assertEquals(1L, browser.script("return document.querySelectorAll('script').length;"), page);
        assertEquals(0L, browser.script("return document.querySelectorAll('img').length;"), page);
    }

    @Test
    void shouldShowMarkupInNamesAndReasonsAsText() {
        ConsoleRelease first = new ConsoleRelease(artifacts, MODEL, "1", ConsoleRelease.WEIGHT, 1.0);
        first.publishAll(pipeline);
        ConsoleRelease failing = new ConsoleRelease(artifacts, MODEL, "2", ConsoleRelease.WEIGHT, 1.0);
        pipeline.publish(Topics.RELEASED, failing.released());
        pipeline.deadLetter(
                Topics.dlq(Topics.PRUNED),
                failing.releaseId,
                new EventCodec().encode(failing.pruned()),
                Map.of("dead-letter-reason", FAILURE, "dead-letter-topic", Topics.PRUNED));
        ConsoleRelease third = new ConsoleRelease(artifacts, MODEL, "3", ConsoleRelease.WEIGHT, 1.0);
        awaitStatus("1", ReleaseStatus.PROMOTED);
        third.publishAll(pipeline);
        awaitStatus("2", ReleaseStatus.FAILED);
        awaitStatus("3", ReleaseStatus.PROMOTED);

        browser.open(root + "ui");
        WebElement link = browser.await(d -> d.findElements(By.cssSelector("a.model-link")).stream()
                .filter(a -> a.getText().equals(MODEL))
                .findFirst()
                .orElse(null));
        assertNothingRan("models");
        String modelPage = link.getAttribute("href");

        browser.signIn("operator", password);
        browser.open(modelPage);
        assertEquals(MODEL, browser.find(By.cssSelector("h1.model-name")).getText());
        assertTrue(browser.driver.getTitle().startsWith(MODEL), browser.driver.getTitle());
        WebElement failed = browser.find(By.cssSelector("li.version[data-version='2']"));
        assertEquals(
                FAILURE,
                failed.findElement(By.cssSelector("p.failure .failure-reason")).getText());
        assertNothingRan("model");

        WebElement v1 = browser.find(By.cssSelector("li.version[data-version='1']"));
        v1.findElement(By.cssSelector("details.promote summary")).click();
        v1.findElement(By.name("reason")).sendKeys(REASON);
        browser.clickThrough(v1.findElement(By.cssSelector("form.promote-form button")));
        assertEquals("1", browser.find(By.id("production-version")).getText());
        assertEquals(
                REASON,
                browser.find(By.cssSelector("#history tr.change .reason")).getText());
        assertNothingRan("model after the promotion");
        browser.screenshot("escaping");

        browser.open(browser.find(By.cssSelector("li.version[data-version='2'] a.version-link"))
                .getAttribute("href"));
        assertTrue(browser.find(By.tagName("h1")).getText().startsWith(MODEL));
        assertNothingRan("release");
        browser.open(root + "ui/models/" + browser.script("return encodeURIComponent(arguments[0]);", MODEL)
                + "/compare?a=1&b=3");
        assertNothingRan("compare");

        given().get("/ui").then().header("Content-Security-Policy", containsString("script-src 'self'"));
        given().get("/ui/models/<b>none")
                .then()
                .statusCode(404)
                .contentType(containsString("text/html"))
                .body(containsString("model &lt;b&gt;none has no versions"));
    }
}
