package dev.pruneline.launcher.stack;

import dev.pruneline.devstack.DevStack;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The whole pipeline on this machine: devstack (a Kafka broker and an S3 server) in this process and the four
 * services as child processes. Closing it stops the services, then devstack.
 */
public final class Stack implements AutoCloseable {

    static final String INGEST = "ingest-service";
    static final String PRUNE = "prune-worker";
    static final String RETRAIN = "retrain-worker";
    static final String REGISTRY = "registry-service";

    private final DevStack devStack;
    private final String uploaderPassword;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final Map<String, ServiceProcess> byName = new HashMap<>();

    private Stack(DevStack devStack, String uploaderPassword) {
        this.devStack = devStack;
        this.uploaderPassword = uploaderPassword;
    }

    /** Starts devstack and the four services, and waits until every service is ready. */
    public static Stack start(StackSettings settings, Consumer<String> progress) {
        return start(settings, progress, stack -> {});
    }

    /**
     * Starts the stack; {@code starting} gets it as soon as devstack runs, before the services are launched, so that
     * a caller stopped during start-up (a shutdown hook) can close what was started so far.
     */
    public static Stack start(StackSettings settings, Consumer<String> progress, Consumer<Stack> starting) {
        Path work = settings.workDir().toAbsolutePath();
        progress.accept("starting Kafka and S3 (devstack) in " + work);
        Stack stack = new Stack(DevStack.start(work.resolve("devstack")), settings.uploaderPassword());
        starting.accept(stack);
        try {
            Map<String, String> infra = stack.devStack.toProperties();
            Path logs = work.resolve("logs");
            // A secret (its key names a password): the service gets it in its environment, not on its command line.
            stack.launch(
                    settings,
                    INGEST,
                    settings.ingestPort(),
                    infra,
                    Map.of(UploaderPassword.KEY, settings.uploaderPassword()),
                    logs);
            stack.launch(settings, PRUNE, 0, infra, worker(work, PRUNE), logs);
            stack.launch(settings, RETRAIN, 0, infra, worker(work, RETRAIN), logs);
            stack.launch(settings, REGISTRY, settings.registryPort(), infra, settings.registryDatabase(), logs);
            progress.accept("starting " + String.join(", ", stack.byName.keySet()) + " (logs in " + logs + ")");
            stack.awaitReady(Duration.ofMinutes(3));
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** Waits for every service at once (one thread each), so that one that dies at start fails the start at once. */
    private void awaitReady(Duration timeout) {
        List<ServiceProcess> all = services();
        ExecutorService waiters = Executors.newFixedThreadPool(all.size());
        CompletionService<Void> ready = new ExecutorCompletionService<>(waiters);
        try {
            all.forEach(s -> ready.submit(() -> s.awaitReady(timeout), null));
            for (int i = 0; i < all.size(); i++) {
                ready.take().get(); // in the order they finish: the first failure ends the wait
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the stack", e);
        } finally {
            waiters.shutdownNow();
        }
    }

    private static Map<String, String> worker(Path work, String module) {
        return Map.of(
                "pruneline.worker.work-dir",
                work.resolve(module).resolve("jobs").toString(),
                "pruneline.worker.dataset-cache-dir",
                work.resolve(module).resolve("datasets").toString());
    }

    private synchronized void launch(
            StackSettings settings,
            String module,
            int port,
            Map<String, String> infra,
            Map<String, String> own,
            Path logs) {
        Map<String, String> properties = new HashMap<>(infra);
        properties.putAll(own);
        ServiceProcess process =
                ServiceProcess.start(settings.home(), module, StackSettings.portOrFree(port), properties, logs);
        services.add(process);
        byName.put(module, process);
    }

    public URI ingestUrl() {
        return URI.create(byName.get(INGEST).baseUrl());
    }

    public URI registryUrl() {
        return URI.create(byName.get(REGISTRY).baseUrl());
    }

    /** The registry's web console (docs/console.md), which registry-service serves under {@code /ui}. */
    public static String consoleUrl(Object registryUrl) {
        return registryUrl + "/ui";
    }

    /** The password ingest-service's uploads need (HTTP Basic, user {@value UploaderPassword#USER}). */
    public String uploaderPassword() {
        return uploaderPassword;
    }

    /** The running services, in start order. */
    public synchronized List<ServiceProcess> services() {
        return List.copyOf(services);
    }

    /** Kafka and S3 coordinates, as the services got them. */
    public Map<String, String> infrastructure() {
        return devStack.toProperties();
    }

    /** Stops every service started so far, then devstack; safe to call more than once. */
    @Override
    public void close() {
        services().parallelStream().forEach(ServiceProcess::close);
        devStack.close();
    }
}
