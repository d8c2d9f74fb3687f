package dev.pruneline.deploy;

import dev.pruneline.launcher.stack.ServiceProcess;
import dev.pruneline.launcher.stack.StackSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A packaged service run by the launcher's {@link ServiceProcess} on a free port, with the HTTP probes these tests
 * need: one GET, and polling a path until its answer satisfies a condition.
 */
final class ServiceRun implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String module;
    private final ServiceProcess process;

    private ServiceRun(String module, ServiceProcess process) {
        this.module = module;
        this.process = process;
    }

    static ServiceRun start(String module, Map<String, String> properties, Path logDir) {
        return new ServiceRun(
                module,
                ServiceProcess.start(Repository.root(), module, StackSettings.portOrFree(0), properties, logDir));
    }

    /** HTTP status and body of a GET on this service. */
    HttpResponse<String> get(String path) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(process.baseUrl() + path))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(module + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls GET {@code path} until the answer satisfies {@code done}; fails with the log's end otherwise. */
    HttpResponse<String> await(String path, Predicate<HttpResponse<String>> done, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError(module + " exited:\n" + process.tail());
            }
            try {
                HttpResponse<String> response = get(path);
                if (done.test(response)) {
                    return response;
                }
            } catch (UncheckedIOException e) {
                // not listening yet
            }
            try {
                Thread.sleep(500); // polling interval between probes, not a wait for a condition
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError(module + ": " + path + " not as expected within " + timeout + ":\n" + process.tail());
    }

    @Override
    public void close() {
        process.close();
    }
}
