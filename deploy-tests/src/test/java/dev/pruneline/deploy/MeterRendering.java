package dev.pruneline.deploy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.lang.reflect.Constructor;
import java.time.Duration;

/**
 * The Prometheus rendering of every pruneline meter, produced by the services' own meter classes (worker-common's
 * {@code StageRecorder} with its {@code JobWatch}, registry-service's {@code RegistryMetrics}, ingest-service's {@code IngestMetrics}, loaded
 * from their compiled classes) on the same Micrometer Prometheus registry the services use
 * (micrometer-registry-prometheus-simpleclient, as in quarkus-micrometer-registry-prometheus). Every meter is driven
 * once with every tag value its code can produce here, so meters that services register lazily (on their first
 * event) appear too. {@code LiveMetricsIT} checks this rendering against a live scrape of a packaged service.
 */
final class MeterRendering {

    private MeterRendering() {}

    static Scrape render() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ModuleClasses classes = ModuleClasses.of("worker-common", "registry-service", "ingest-service")) {
            Class<?> recorderType = classes.loadClass("dev.pruneline.worker.StageRecorder");
            Class<?> watchType = classes.loadClass("dev.pruneline.worker.JobWatch");
            Object watch = watchType.getConstructor().newInstance();
            for (String stage : new String[] {"prune", "retrain"}) {
                Object recorder = recorderType
                        .getConstructor(MeterRegistry.class, String.class)
                        .newInstance(registry, stage);
                recorderType.getMethod("runningJobAge", watchType).invoke(recorder, watch);
                recorderType
                        .getMethod("job", String.class, boolean.class, Duration.class)
                        .invoke(recorder, "lenet5", true, Duration.ofSeconds(3));
                recorderType
                        .getMethod("job", String.class, boolean.class, Duration.class)
                        .invoke(recorder, "lenet5", false, Duration.ofSeconds(1));
                recorderType.getMethod("sparsity", String.class, double.class).invoke(recorder, "lenet5", 0.8);
            }

            Class<?> registryMetrics = classes.loadClass("dev.pruneline.registry.messaging.RegistryMetrics");
            Class<?> outcome = classes.loadClass("dev.pruneline.pipeline.event.ReleaseDecision$Outcome");
            Object metrics = registryMetrics.getConstructor(MeterRegistry.class).newInstance(registry);
            for (Object value : outcome.getEnumConstants()) {
                registryMetrics
                        .getMethod("decided", String.class, outcome, double.class)
                        .invoke(metrics, "lenet5", value, 0.4);
            }
            Class<?> topics = classes.loadClass("dev.pruneline.pipeline.event.Topics");
            for (Object topic : (Iterable<?>) topics.getMethod("all").invoke(null)) {
                if (topic.toString().endsWith(".dlq") && !topic.equals("registry.dlq")) {
                    registryMetrics.getMethod("deadLettered", String.class).invoke(metrics, topic);
                }
            }
            for (Object topic : (Iterable<?>) topics.getField("CONSUMED").get(null)) {
                registryMetrics.getMethod("refused", String.class).invoke(metrics, topic);
            }
            for (String stage : new String[] {"pruned", "retrained", "decided"}) {
                registryMetrics.getMethod("stalled", String.class).invoke(metrics, stage);
            }

            Class<?> ingestMetrics = classes.loadClass("dev.pruneline.ingest.IngestMetrics");
            Constructor<?> constructor = ingestMetrics.getDeclaredConstructor(MeterRegistry.class);
            constructor.setAccessible(true);
            constructor.newInstance(registry);
        } catch (ReflectiveOperationException | java.io.IOException e) {
            throw new IllegalStateException("cannot drive the services' meter classes: " + e, e);
        }
        return Scrape.parse(registry.scrape());
    }
}
