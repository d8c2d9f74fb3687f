package dev.pruneline.registry.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.devstack.DevStackResource;
import dev.pruneline.pipeline.event.Topics;
import dev.pruneline.pipeline.store.ArtifactStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The web console in a real browser (headless Chromium), on the registry fed by real Kafka events, with the real
 * reports of a LeNet-5 in the artifact store. The tests build on each other, in order: a demo-like release, two more
 * arriving while the page is open, an operator promoting the oldest. Screenshots of each page go to
 * target/console-screenshots for review.
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
@TestProfile(ProductionChangesTest.WithOperators.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    @Inject
    ArtifactStore artifacts;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "pruneline.registry.operator.password")
    String password;

    @TestHTTPResource("/")
    URL root;

    /** Unique to this class in the test JVM (the stack outlives it); a plain name, for the README's screenshot. */
    private final String model = "lenet5-console";

    private Pipeline pipeline;
    private Browser browser;
    private ConsoleRelease first;

    @BeforeAll
    void start() {
        Registry.readNumbersAsDoubles();
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

    private String url(String path) {
        return root.toString().replaceAll("/$", "") + path;
    }

    private WebElement card(String version) {
        return browser.await(By.cssSelector("li.version[data-version='" + version + "']"));
    }

    @Test
    @Order(1)
    void shouldShowTheDemoReleaseWithItsDecisionAndPlots() throws Exception {
        first = new ConsoleRelease(artifacts, model, "1", ConsoleRelease.WEIGHT, 1.0);
        first.publishAll(pipeline);
        Registry.awaitStatus(model, "1", "PROMOTED");
        Registry.awaitField(model, "1", "stages.pruned.status", "done"); // the topics are consumed independently

        browser.open(url("/ui"));
        WebElement row = browser.await(By.cssSelector("tr.model-row[data-model='" + model + "']"));
        assertEquals("1", row.findElement(By.cssSelector(".badge.production")).getText());
        assertTrue(row.findElement(By.cssSelector(".last-decision")).getText().contains("PROMOTED"));
        assertEquals(2, row.findElements(By.cssSelector("svg.spark")).size(), "accuracy and MACs over versions");
        assertTrue(row.getText().contains("1 promoted"), row.getText());
        browser.screenshot("models");

        browser.open(url("/ui/models/" + model));
        WebElement v1 = card("1");
        assertEquals("PROMOTED", v1.getAttribute("data-status"));
        assertEquals(
                "production",
                v1.findElement(By.cssSelector(".badge.production")).getText());
        assertEquals(
                List.of("done", "done", "done", "done"),
                v1.findElements(By.cssSelector("li.stage")).stream()
                        .map(s -> s.getAttribute("data-state"))
                        .toList());
        assertTrue(v1.findElement(By.cssSelector(".decision-reason")).getText().contains("within the 1.00-point"));
        assertTrue(v1.findElement(By.cssSelector(".policy")).getText().contains("magnitude"));
        String accuracy =
                v1.findElement(By.cssSelector("tr[data-metric='accuracy']")).getText();
        assertTrue(accuracy.contains("94.55%") && accuracy.contains("93.80%"), accuracy);
        assertEquals("1", browser.find(By.id("production-version")).getText());
        assertTrue(browser.all(By.cssSelector("form.promote-form")).isEmpty(), "no operator form for visitors");
        browser.screenshot("model");

        browser.open(v1.findElement(By.cssSelector("a.version-link")).getAttribute("href"));
        List<String> charts = browser.all(By.cssSelector("#report-pruned svg.chart")).stream()
                .map(svg -> svg.getAttribute("aria-label"))
                .toList();
        assertEquals(
                List.of(
                        "sensitivity",
                        "accuracy against size",
                        "layer widths (output channels or features)",
                        "non-zero weights per layer"),
                charts);
        assertTrue(browser.find(By.cssSelector("#report-pruned .engine-mode"))
                .getText()
                .startsWith("onednn"));
        WebElement bundle = browser.find(By.cssSelector("#artifacts tr[data-stage='released']"));
        assertTrue(bundle.getText().contains(first.bundle().sha256()), bundle.getText());
        String link = bundle.findElement(By.cssSelector("a.download")).getAttribute("href");
        HttpResponse<byte[]> download = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode(), link);
        assertEquals(first.bundle().sizeBytes(), download.body().length);
        browser.screenshot("release");
    }

    @Test
    @Order(2)
    void shouldShowNewReleasesLiveWhileThePageIsOpen() {
        browser.open(url("/ui/models/" + model));
        card("1");
        browser.script("window.sameDocument = true;");

        ConsoleRelease second = new ConsoleRelease(artifacts, model, "2", ConsoleRelease.CHANNEL, 2.0);
        second.publishAll(pipeline);
        browser.await(d -> "PROMOTED".equals(card("2").getAttribute("data-status")));
        browser.await(d -> "2".equals(browser.find(By.id("production-version")).getText()));

        ConsoleRelease third = new ConsoleRelease(artifacts, model, "3", ConsoleRelease.CHANNEL, 1.0);
        pipeline.publish(Topics.RELEASED, third.released());
        browser.await(d -> "RELEASED".equals(card("3").getAttribute("data-status")));
        assertEquals(
                "running",
                card("3")
                        .findElement(By.cssSelector("li.stage[data-stage='pruned']"))
                        .getAttribute("data-state"));
        pipeline.publish(Topics.PRUNED, third.pruned());
        pipeline.publish(Topics.RETRAINED, third.retrained());
        browser.await(d -> "REJECTED".equals(card("3").getAttribute("data-status")));
        assertEquals(Boolean.TRUE, browser.script("return window.sameDocument === true;"), "updated, not reloaded");
        browser.screenshot("model-live");

        browser.open(card("3").findElement(By.cssSelector("a.version-link")).getAttribute("href"));
        WebElement gap = browser.await(By.id("gap"));
        assertEquals("93.55%", gap.findElement(By.cssSelector(".needed")).getText());
        assertEquals("92.75%", gap.findElement(By.cssSelector(".reached")).getText());
        assertEquals("0.80 pp", gap.findElement(By.cssSelector(".short")).getText());
        browser.screenshot("release-rejected");

        browser.open(url("/ui/models/" + model + "/compare?a=1&b=2"));
        WebElement widths = browser.await(By.cssSelector("table.layers"));
        assertTrue(widths.getText().contains("conv1 conv2d 6 4"), widths.getText());
        assertTrue(browser.find(By.cssSelector("tr[data-metric='decision']"))
                .getText()
                .contains("PROMOTED"));
        browser.screenshot("compare");
    }

    @Test
    @Order(3)
    void shouldLetAnOperatorPromoteAnOlderVersion() {
        browser.open(url("/ui/models/" + model));
        card("1");
        assertTrue(
                browser.all(By.cssSelector("form")).stream()
                        .noneMatch(f -> "post".equalsIgnoreCase(f.getAttribute("method"))),
                "an anonymous visitor gets no promote or roll back form");
        assertTrue(browser.find(By.id("login")).getAttribute("href").contains("/ui/login"));

        browser.signIn("operator", password);
        browser.open(url("/ui/models/" + model));
        browser.await(By.id("operator"));
        WebElement v1 = card("1");
        v1.findElement(By.cssSelector("details.promote summary")).click();
        WebElement form = v1.findElement(By.cssSelector("form.promote-form"));
        assertEquals(
                "2",
                form.findElement(By.cssSelector("input[name='expectedVersion']"))
                        .getAttribute("value"),
                "the guard: promote only while version 2 is production");
        form.findElement(By.name("reason")).sendKeys("version 2 is slower on our phones");
        browser.clickThrough(form.findElement(By.cssSelector("button[type='submit']")));

        assertEquals("1", browser.find(By.id("production-version")).getText());
        assertEquals(
                "production",
                card("1").findElement(By.cssSelector(".badge.production")).getText());
        assertTrue(card("2").findElements(By.cssSelector(".badge.production")).isEmpty());
        WebElement change = browser.find(By.cssSelector("#history tr.change"));
        assertTrue(change.getText().contains("promoted by hand"), change.getText());
        assertEquals("operator", change.findElement(By.cssSelector(".actor")).getText());
        assertEquals(
                "version 2 is slower on our phones",
                change.findElement(By.cssSelector(".reason")).getText());
        // the form's endpoint keeps the REST API's rules: operators only, and only from the console's own pages
        given().contentType("application/x-www-form-urlencoded")
                .formParam("version", "2")
                .formParam("reason", "anonymous")
                .post("/ui/models/" + model + "/production")
                .then()
                .statusCode(401);
        given().auth()
                .preemptive()
                .basic("operator", password)
                .header("Origin", "https://elsewhere.example")
                .contentType("application/x-www-form-urlencoded")
                .formParam("version", "2")
                .formParam("reason", "a form on another site")
                .post("/ui/models/" + model + "/production")
                .then()
                .statusCode(403);
        given().get("/api/v1/models/" + model + "/production")
                .then()
                .statusCode(200)
                .body("version", equalTo("1"));
        browser.screenshot("model-operator");
    }
}
