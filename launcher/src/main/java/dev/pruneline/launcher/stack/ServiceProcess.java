package dev.pruneline.launcher.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged Quarkus service ({@code <module>/target/quarkus-app/quarkus-run.jar}) running as a child process with
 * its configuration passed as system properties (secrets as environment variables, out of sight of {@code ps}) and
 * its output in a log file.
 */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final int port;
    private final Path logFile;
    private final Process process;

    private ServiceProcess(String name, int port, Path logFile, Process process) {
        this.name = name;
        this.port = port;
        this.logFile = logFile;
        this.process = process;
    }

    /**
     * Starts a service.
     *
     * @param home       the repository root holding the built modules
     * @param module     the service module, e.g. {@code prune-worker}
     * @param port       its HTTP port
     * @param properties configuration, passed as {@code -Dkey=value}
     * @param logDir     where {@code <module>.log} goes
     */
    public static ServiceProcess start(
            Path home, String module, int port, Map<String, String> properties, Path logDir) {
        Path jar = home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with `mvn -DskipTests package`");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dai.djl.offline=true");
        Map<String, String> secrets = new HashMap<>();
        properties.forEach((k, v) -> {
            if (isSecret(k)) {
                secrets.put(environmentName(k), v); // not on the command line, where `ps` shows it
            } else {
                command.add("-D" + k + "=" + v);
            }
        });
        command.add("-jar");
        command.add(jar.toString());
        Path logFile = logDir.resolve(module + ".log");
        try {
            Files.createDirectories(logDir);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()));
            builder.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
            builder.environment().putIfAbsent("GOMP_SPINCOUNT", "10000");
            builder.environment().putAll(secrets);
            return new ServiceProcess(module, port, logFile, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + module, e);
        }
    }

    private static boolean isSecret(String key) {
        return key.contains("secret") || key.contains("password");
    }

    /** The environment variable SmallRye Config reads for a key: upper case, every other character '_'. */
    static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** Waits until {@code /q/health/ready} answers 200, or fails with the end of the service's log. */
    public void awaitReady(Duration timeout) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with code " + process.exitValue() + "; log " + logFile + ":\n" + tail());
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            try {
                process.waitFor(250, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException(
                name + " was not ready within " + timeout.toSeconds() + " s; log " + logFile + ":\n" + tail());
    }

    public String name() {
        return name;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Whether the process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    /** The last lines of the service's log. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Asks the service to stop (SIGTERM, so Quarkus shuts down cleanly), and kills it after 20 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
