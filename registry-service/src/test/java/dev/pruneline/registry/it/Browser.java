package dev.pruneline.registry.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Debian's chromedriver ({@code apt-get install chromium chromium-driver}; the
 * system properties {@code pruneline.test.chromium} and {@code pruneline.test.chromedriver} point elsewhere). One
 * browser per test class; waits poll a condition, never sleep.
 */
final class Browser implements AutoCloseable {

    /** Where the screenshots for review go. */
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    static final Duration WAIT = Duration.ofSeconds(60);

    final ChromeDriver driver;

    Browser() {
        String chromium = System.getProperty("pruneline.test.chromium", "/usr/bin/chromium");
        String chromedriver = System.getProperty("pruneline.test.chromedriver", "/usr/bin/chromedriver");
        if (!new File(chromium).canExecute() || !new File(chromedriver).canExecute()) {
            fail("the console's browser tests need " + chromium + " and " + chromedriver
                    + ": apt-get install chromium chromium-driver (.ci/run does)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1280,1000",
                "--lang=en-US",
                "--no-first-run",
                "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT);
    }

    /**
     * Opens a page and waits until it follows the registry's events and has made its first update (the hello's), so
     * that the elements a test then finds are not replaced under it by that update.
     */
    void open(String url) {
        driver.get(url);
        awaitLive();
    }

    /** Waits for {@code condition} to hold (a non-null, non-false value) and returns its value. */
    <T> T await(ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, WAIT)
                .pollingEvery(Duration.ofMillis(100))
                // a live update replaces the regions it refreshes: an element found just before is then stale
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    /** Waits for an element and returns it. */
    WebElement await(By by) {
        return await(d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() ? null : found.get(0);
        });
    }

    WebElement find(By by) {
        return driver.findElement(by);
    }

    List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Clicks {@code element}, then waits for the next page to load and follow the registry's events. */
    void clickThrough(WebElement element) {
        script("window.beforeClick = true;");
        element.click();
        await(d -> script("return window.beforeClick === undefined;"));
        awaitLive();
    }

    /** Waits until the page follows the registry's events (its first update, the hello's, is done). */
    void awaitLive() {
        await(By.tagName("body"));
        await(d -> "open".equals(find(By.tagName("body")).getAttribute("data-live-state"))
                && find(By.tagName("body")).getAttribute("data-updates") != null);
    }

    /**
     * Sends an operator's HTTP Basic credentials with every request from now on, as a browser does once its user has
     * answered the console's sign-in prompt.
     */
    void signIn(String user, String password) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand(
                "Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", "Basic " + token)));
    }

    /** Saves the whole page, not only the window, as target/console-screenshots/{@code name}.png. */
    Path screenshot(String name) {
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        long width = Math.max(1280, ((Number) size.get("width")).longValue());
        long height = ((Number) size.get("height")).longValue();
        Map<String, Object> shot = driver.executeCdpCommand(
                "Page.captureScreenshot",
                Map.of(
                        "format",
                        "png",
                        "captureBeyondViewport",
                        true,
                        "clip",
                        Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
